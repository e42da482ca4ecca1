import type { IncomingMessage, ServerResponse } from 'node:http'
import { BearerError } from '../core/errors.js'
import { extractBearerToken } from '../core/bearer-token.js'
import { hasAnyRole, type Principal } from '../core/principal.js'
import type { TokenVerifier } from '../core/token-verifier.js'
import { readCookie } from '../core/cookie.js'
import { isRefusal, sendRefusal } from './send-refusal.js'

export interface VerifierMiddlewareOptions {
  verifier: TokenVerifier
  /** The cookie that may carry the token when there is no `Authorization` header. Default `access_token`. */
  cookieName?: string
  /** The `realm` of the `WWW-Authenticate` challenge (RFC 6750 section 3). Default: none. */
  realm?: string
}

/** A request once `authenticate` has run: `principal` is set when the token was verified. */
export type PrincipalRequest = IncomingMessage & { principal?: Principal }

/** A Connect middleware: Express 5 and 4, Connect, or a plain node:http handler calling it with a `next` callback. */
export type VerifierMiddleware = (req: PrincipalRequest, res: ServerResponse, next: (error?: unknown) => void) => void

export interface VerifierMiddlewares {
  /** Verifies the request's token and sets `req.principal`, or answers 401 (no or bad token) or 503 itself. */
  authenticate: VerifierMiddleware
  /** `authenticate`, then 403 `insufficient_scope` unless the principal has one of `roles`. */
  requireRole: (...roles: string[]) => VerifierMiddleware
}

/**
 * Middleware that verifies access tokens: `Authorization: Bearer`, else the access-token cookie. Refusals are answered
 * here in the contract's error shape with `WWW-Authenticate`; any other error goes to `next(error)`. Never lets a
 * request through without a verified principal.
 * @example const { authenticate, requireRole } = createVerifierMiddleware({ verifier })
 */
export function createVerifierMiddleware(options: VerifierMiddlewareOptions): VerifierMiddlewares {
  if (!options.verifier) throw new TypeError('createVerifierMiddleware needs a `verifier` (createTokenVerifier)')
  const { verifier, realm } = options
  const cookieName = options.cookieName ?? 'access_token'

  async function principalOf(req: PrincipalRequest): Promise<Principal> {
    if (req.principal) return req.principal
    const token = extractBearerToken(req.headers.authorization, readCookie(req.headers.cookie, cookieName))
    if (token === undefined) throw new BearerError('missing', 'An access token is required.')
    req.principal = await verifier.verify(token)
    return req.principal
  }

  // `roles` undefined: any verified principal; a list (even empty): one of them, as the Fastify plugin does.
  const guard = (roles?: readonly string[]): VerifierMiddleware => (req, res, next) => {
    principalOf(req).then(
      (principal) => {
        if (roles && !hasAnyRole(principal, roles)) {
          sendRefusal(res, new BearerError('insufficient_scope', undefined, { scope: roles.join(' ') }), realm)
        } else next()
      },
      (error: unknown) => (isRefusal(error) ? sendRefusal(res, error, realm) : next(error)),
    )
  }
  return { authenticate: guard(), requireRole: (...roles) => guard(roles) }
}
