import type { FastifyError, FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { UnavailableError } from '@authpair/errors'
import { toErrorResponse } from './error-body.js'
import type { Metrics } from './metrics.js'

export interface ErrorHandlingOptions {
  /** The `realm` of `WWW-Authenticate` challenges, if any. */
  realm?: string
  /** Where 503s are counted by store. */
  metrics?: Metrics
}

/**
 * Installs the error and not-found handlers, so every failure leaves in the contract's shape.
 * 5xx are logged with their cause; their bodies stay generic.
 */
export const errorHandling = fp<ErrorHandlingOptions>(
  async (app: FastifyInstance, options) => {
    app.setErrorHandler((error: FastifyError, request, reply) => {
      const response = toErrorResponse(error, options.realm)
      if (response.statusCode === 503) {
        const store = error instanceof UnavailableError ? error.store : undefined
        options.metrics?.storeErrors.inc({ store: store ?? 'unknown' })
        request.log.warn({ store, reason: describeCause(error.cause) ?? error.message }, 'unavailable')
      } else if (response.statusCode >= 500) {
        request.log.error({ err: error }, 'request failed')
      }
      return reply.code(response.statusCode).headers(response.headers).send(response.body)
    })
    app.setNotFoundHandler((_request, reply) => {
      const response = toErrorResponse({ statusCode: 404, message: 'not found' })
      return reply.code(404).send(response.body)
    })
  },
  { name: '@authpair/http/error-handling', fastify: '5.x' },
)

// Driver messages can carry hosts and ports; they go to logs only, and only their first line.
function describeCause(cause: unknown): string | undefined {
  if (cause instanceof Error) return `${cause.name}: ${cause.message.split('\n')[0]}`
  return undefined
}
