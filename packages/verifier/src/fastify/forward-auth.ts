import type { FastifyInstance, FastifySchema } from 'fastify'
import fp from 'fastify-plugin'
import { BearerError } from '../core/errors.js'
import { ERROR_BODY_SCHEMA } from '../core/error-body.js'
import { hasAnyRole } from '../core/principal.js'

const ERROR_RESPONSES = { 400: ERROR_BODY_SCHEMA, 401: ERROR_BODY_SCHEMA, 403: ERROR_BODY_SCHEMA, 503: ERROR_BODY_SCHEMA }

// `summary` and `security` are read by @fastify/swagger when the service documents its routes.
const FORWARD_AUTH_SCHEMA = {
  summary: 'Forward-auth for gateways: 200 with X-User-Id, X-User-Roles, X-Session-Id',
  security: [{ bearerAuth: [] }],
  // Strict (issue 11): `?role[]=admin` or `?role=` answered 200 as if no role were asked for; a gateway that
  // mistypes its query must get a 400, not a pass.
  querystring: {
    type: 'object',
    properties: { role: { type: 'string', minLength: 1, maxLength: 200, pattern: '^ *[a-z0-9_:-]+( *, *[a-z0-9_:-]+)* *$' } },
    additionalProperties: false,
  },
  response: { 200: { type: 'null', description: 'Verified; identity in the X-User-* headers' }, ...ERROR_RESPONSES },
} as FastifySchema

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
        schema: FORWARD_AUTH_SCHEMA,
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
        return reply.code(200).send(null)
      },
    )
  },
  { name: '@authpair/verifier/forward-auth', fastify: '5.x', dependencies: ['@authpair/verifier'] },
)
