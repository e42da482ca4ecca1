import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AdminPingSchema, MeSchema, errorResponses } from '@authpair/contract'
import { bearerSecurity } from '@authpair/http'

/** `GET /me` (who the token says you are) and `GET /admin/ping` (role `admin` only). */
export const meRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/me',
    { schema: { summary: 'Who the token says you are', security: bearerSecurity, response: { 200: MeSchema, ...errorResponses(401, 503) } } },
    async (request) => {
      const { userId, sessionId, email, roles } = request.principal!
      return { sub: userId, sid: sessionId, email, roles: [...roles] }
    },
  )

  app.get(
    '/admin/ping',
    {
      onRequest: app.requireRole('admin'),
      schema: { summary: 'A route for admins only', security: bearerSecurity, response: { 200: AdminPingSchema, ...errorResponses(401, 403, 503) } },
    },
    async () => ({ ok: true as const }),
  )
}
