import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { BearerError } from '@authpair/errors'
import { hasAnyRole } from '../core/principal.js'

export interface ForwardAuthOptions {
  /** The route's path. Default `/auth/verify`. */
  path?: string
}

/** Headers a gateway passes upstream after a successful check. */
export const FORWARD_AUTH_HEADERS = {
  userId: 'x-user-id',
  roles: 'x-user-roles',
  sessionId: 'x-session-id',
} as const

/**
 * `GET /auth/verify` for gateways (nginx `auth_request`, Traefik ForwardAuth, Caddy `forward_auth`): 200 with
 * `X-User-Id`, `X-User-Roles` (comma-separated) and `X-Session-Id`; 401 with `WWW-Authenticate` otherwise;
 * 403 when `?role=` names roles the token lacks; 503 when it cannot tell. Needs `verifierPlugin`.
 */
export const forwardAuthRoute = fp<ForwardAuthOptions>(
  async (app: FastifyInstance, options) => {
    app.get<{ Querystring: { role?: string } }>(
      options.path ?? '/auth/verify',
      {
        onRequest: app.authenticate,
        schema: {
          querystring: {
            type: 'object',
            properties: { role: { type: 'string', maxLength: 200, pattern: '^[a-z0-9_:, -]*$' } },
          },
        },
      },
      async (request, reply) => {
        const principal = request.principal!
        const wanted = (request.query.role ?? '').split(',').map((role) => role.trim()).filter(Boolean)
        if (wanted.length > 0 && !hasAnyRole(principal, wanted)) {
          const error = new BearerError('insufficient_scope', undefined, { scope: wanted.join(' ') })
          reply.header('www-authenticate', error.challenge())
          throw error
        }
        reply.header('cache-control', 'no-store')
        reply.header(FORWARD_AUTH_HEADERS.userId, principal.userId)
        reply.header(FORWARD_AUTH_HEADERS.roles, principal.roles.join(','))
        reply.header(FORWARD_AUTH_HEADERS.sessionId, principal.sessionId)
        return reply.code(200).send()
      },
    )
  },
  { name: '@authpair/verifier/forward-auth', fastify: '5.x', dependencies: ['@authpair/verifier'] },
)
