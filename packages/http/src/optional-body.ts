import type { FastifyRequest } from 'fastify'

/**
 * A `preValidation` hook for routes whose JSON body is optional (refresh and logout also read cookies): a request
 * without a body is validated as `{}` instead of failing with "body must be object".
 */
export async function bodyIsOptional(request: FastifyRequest): Promise<void> {
  if (request.body === undefined || request.body === null) request.body = {}
}
