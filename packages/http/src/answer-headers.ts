import { DEFAULT_CACHE_HEADERS } from './cache-control.js'
import { REQUEST_ID_HEADER } from './request-id.js'
import { securityHeaders } from './security-headers.js'

/**
 * The headers every answer carries, whichever path produced it: the security headers, `Cache-Control: no-store`
 * (a route with a public answer overrides it) and the request id.
 */
export interface AnswerHeaders {
  /** The security headers (helmet's, computed once) and the default cache headers. */
  readonly security: Readonly<Record<string, string>>
  /** Every header of one answer. */
  of(requestId: string): Record<string, string>
}

/**
 * Computes the security headers once. Routed requests get them in an `onRequest` hook; answers made before
 * routing (a bad URL, an over-long parameter, a request Node's parser refused) add them by hand, so that no
 * answer leaves without them or without a request id (issue 11).
 */
export function createAnswerHeaders(): AnswerHeaders {
  const security = Object.freeze({ ...securityHeaders(), ...DEFAULT_CACHE_HEADERS })
  return { security, of: (requestId) => ({ ...security, [REQUEST_ID_HEADER]: requestId }) }
}
