import { STATUS_CODES, type ServerResponse } from 'node:http'
// Item 1 of issue 12 moves these errors into the verifier's own `.` entry; import them from there once it lands.
import { BearerError, UnavailableError } from '@authpair/errors'

/** The refusals the middleware answers itself: a bad or missing token (401, 403), or Redis or the JWKS down (503). */
export type Refusal = BearerError | UnavailableError

export const isRefusal = (error: unknown): error is Refusal =>
  error instanceof BearerError || error instanceof UnavailableError

/**
 * Answers a refusal in the contract's error shape `{statusCode, error, code, message}`, with `WWW-Authenticate`
 * for a bearer error (RFC 6750 section 3). Only node's own response methods, so Connect and plain node:http work too.
 */
export function sendRefusal(res: ServerResponse, error: Refusal, realm: string | undefined): void {
  const statusCode = error.statusCode
  const body = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code: error.code, message: error.message }
  res.statusCode = statusCode
  if (error instanceof BearerError) res.setHeader('www-authenticate', error.challenge(realm))
  res.setHeader('cache-control', 'no-store')
  res.setHeader('content-type', 'application/json; charset=utf-8')
  res.end(JSON.stringify(body))
}
