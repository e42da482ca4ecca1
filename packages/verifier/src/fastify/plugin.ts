import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import fp from 'fastify-plugin'
import { BearerError } from '../core/errors.js'
import { extractBearerToken } from '../core/bearer-token.js'
import { ACCESS_TOKEN_COOKIE, readCookie } from '../core/cookie.js'
import { hasAnyRole, type Principal } from '../core/principal.js'
import type { TokenVerifier } from '../core/token-verifier.js'

export interface VerifierPluginOptions {
  verifier: TokenVerifier
  /** The cookie that may carry the token when there is no `Authorization` header. Default `access_token`. */
  cookieName?: string
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `authenticate` once the token is verified; `null` before. */
    principal: Principal | null
  }
  interface FastifyInstance {
    /** An `onRequest` hook: verifies the request's token and sets `request.principal`, or refuses (401, 503). */
    authenticate: onRequestAsyncHookHandler
    /** An `onRequest` hook: `authenticate`, then 403 `insufficient_scope` unless the principal has one of `roles`. */
    requireRole(...roles: string[]): onRequestAsyncHookHandler
    /** The verifier behind the hooks, for routes that verify in their own way. */
    tokenVerifier: TokenVerifier
  }
}

const AUTHENTICATED = Promise.resolve()

// @fastify/cookie is an optional peer: its parsed cookies when the app registered it, else the one cookie read from
// the header, only for a request without a bearer header.
function cookieOf(request: FastifyRequest, name: string): string | undefined {
  const { cookies } = request as { cookies?: Record<string, string | undefined> }
  return cookies ? cookies[name] : readCookie(request.headers.cookie, name)
}

/**
 * Verifies access tokens on the routes that ask for it:
 * `app.get('/me', { onRequest: app.authenticate }, ...)` or `{ onRequest: app.requireRole('admin') }`.
 * Errors are `BearerError` / `UnavailableError`: the service's error handler turns them into RFC 6750 answers.
 */
export const verifierPlugin = fp<VerifierPluginOptions>(
  async (app: FastifyInstance, options) => {
    if (!options.verifier) throw new TypeError('verifierPlugin needs a `verifier` (createTokenVerifier)')
    const cookieName = options.cookieName ?? ACCESS_TOKEN_COOKIE
    app.decorateRequest('principal', null)
    app.decorate('tokenVerifier', options.verifier)

    // The challenge goes on the reply here, so any error handler (ours, or Fastify's default) answers per RFC 6750.
    function refusal(reply: FastifyReply, error: BearerError): BearerError {
      reply.header('www-authenticate', error.challenge())
      return error
    }

    // Not itself async: it runs on every request, and an async layer cost a promise of its own. Every refusal is
    // still a rejected promise, as callers that `.catch` it expect.
    function authenticate(request: FastifyRequest, reply: FastifyReply): Promise<void> {
      if (request.principal) return AUTHENTICATED
      const token = extractBearerToken(request.headers.authorization, () => cookieOf(request, cookieName))
      if (token === undefined) return Promise.reject(refusal(reply, new BearerError('missing', 'An access token is required.')))
      return options.verifier.verify(token).then(
        (principal) => void (request.principal = principal),
        (error: unknown) => {
          throw error instanceof BearerError ? refusal(reply, error) : error
        },
      )
    }
    app.decorate('authenticate', authenticate)
    app.decorate('requireRole', (...roles: string[]) => {
      const scope = roles.join(' ')
      return async function requireRole(request: FastifyRequest, reply: FastifyReply): Promise<void> {
        await authenticate(request, reply)
        if (!hasAnyRole(request.principal!, roles)) throw refusal(reply, new BearerError('insufficient_scope', undefined, { scope }))
      }
    })
  },
  { name: '@authpair/verifier', fastify: '5.x' },
)
