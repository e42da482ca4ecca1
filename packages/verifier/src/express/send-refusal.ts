import type { ServerResponse } from 'node:http'
import { errorAnswer } from '../core/error-body.js'
import { BearerError, UnavailableError } from '../core/errors.js'

/** The refusals the middleware answers itself: a bad or missing token (401, 403), or Redis or the JWKS down (503). */
export type Refusal = BearerError | UnavailableError

export const isRefusal = (error: unknown): error is Refusal =>
  error instanceof BearerError || error instanceof UnavailableError

/**
 * Answers a refusal in the contract's error shape, with `WWW-Authenticate` for a bearer error (RFC 6750 section 3).
 * Only node's own response methods, so Connect and plain node:http work too.
 */
export function sendRefusal(res: ServerResponse, error: Refusal, realm: string | undefined): void {
  const answer = errorAnswer(error, realm)
  res.statusCode = answer.statusCode
  for (const [name, value] of Object.entries(answer.headers)) res.setHeader(name, value)
  res.setHeader('cache-control', 'no-store')
  res.setHeader('content-type', 'application/json; charset=utf-8')
  res.end(JSON.stringify(answer.body))
}
