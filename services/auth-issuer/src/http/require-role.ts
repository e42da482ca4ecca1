import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify'
import { AppError } from '@authpair/errors'
import { hasAnyRole } from '@authpair/verifier'

/**
 * The issuer's role guard: `authenticate`, then 403 `forbidden` unless the principal holds one of `roles`. The
 * contract gives the issuer's admin routes `forbidden`; RFC 6750's `insufficient_scope` stays with the resource
 * service, whose routes are a protected resource in that RFC's sense (issue 11).
 */
export function requireRole(app: FastifyInstance, ...roles: string[]): onRequestAsyncHookHandler {
  return async function requireIssuerRole(request, reply) {
    await app.authenticate.call(app, request, reply)
    if (!hasAnyRole(request.principal!, roles)) throw new AppError('forbidden', `This needs the role ${roles.join(' or ')}.`)
  }
}
