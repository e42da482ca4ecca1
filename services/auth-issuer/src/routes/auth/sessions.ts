import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { NoContentSchema, SessionListSchema, SessionPageQuerySchema, SessionParamsSchema, errorResponses } from '@authpair/contract'
import { deleteOwnSession, listSessions } from '../../domain/sessions.js'
import { presentSession } from '../../http/present.js'
import { bearerSecurity } from '@authpair/http'

/** `GET /auth/sessions` and `DELETE /auth/sessions/:id`: a user's view of their own sessions. */
export const sessionRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/sessions',
    {
      onRequest: app.authenticate,
      schema: {
        summary: "List the user's sessions, a page at a time", security: bearerSecurity,
        querystring: SessionPageQuerySchema,
        response: { 200: SessionListSchema, ...errorResponses(400, 401, 503) },
      },
    },
    async (request) => {
      const principal = request.principal!
      const { page, per_page } = request.query
      const { total, sessions } = await listSessions(app.issuer, principal.userId, page, per_page)
      return { total, page, per_page, sessions: sessions.map((session) => presentSession(session, principal.sessionId)) }
    },
  )

  app.delete(
    '/sessions/:id',
    {
      onRequest: app.authenticate,
      schema: {
        summary: "End one of the user's sessions", security: bearerSecurity,
        params: SessionParamsSchema,
        response: { 204: NoContentSchema, ...errorResponses(400, 401, 404, 503) },
      },
    },
    async (request, reply) => {
      await deleteOwnSession(app.issuer, request.principal!.userId, request.params.id)
      app.issuerMetrics.revocations.inc({ reason: 'session_delete' })
      return reply.code(204).send(null)
    },
  )
}
