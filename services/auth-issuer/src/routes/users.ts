import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import {
  IdParamsSchema,
  UserEnvelopeSchema,
  UserPageQuerySchema,
  UserPageSchema,
  UserPatchBodySchema,
  errorResponses,
} from '@authpair/contract'
import { ADMIN_ROLE } from '../domain/ensure-admin.js'
import { getUser, listUsers, updateUser } from '../domain/admin-users.js'
import { presentUser } from '../http/present.js'
import { requireRole } from '../http/require-role.js'
import { bearerSecurity } from '@authpair/http'

/** `GET /users/:id`, `GET /admin/users` and `PATCH /admin/users/:id`. */
export const userRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const adminOnly = requireRole(app, ADMIN_ROLE)

  app.get(
    '/users/:id',
    {
      onRequest: app.authenticate,
      schema: {
        summary: "Read one's own account, or any account as an admin", security: bearerSecurity,
        params: IdParamsSchema,
        response: { 200: UserEnvelopeSchema, ...errorResponses(400, 401, 403, 404, 503) },
      },
    },
    async (request) => ({ user: presentUser(await getUser(app.issuer, request.principal!, request.params.id.toLowerCase())) }),
  )

  app.get(
    '/admin/users',
    {
      onRequest: adminOnly,
      schema: {
        summary: 'List accounts, a page at a time', security: bearerSecurity,
        querystring: UserPageQuerySchema,
        response: { 200: UserPageSchema, ...errorResponses(400, 401, 403, 503) },
      },
    },
    async (request) => {
      const { page, per_page } = request.query
      const { total, items } = await listUsers(app.issuer, page, per_page)
      return { total, page, per_page, items: items.map(presentUser) }
    },
  )

  app.patch(
    '/admin/users/:id',
    {
      onRequest: adminOnly,
      schema: {
        summary: "Change an account's roles or disabled flag", security: bearerSecurity,
        params: IdParamsSchema,
        body: UserPatchBodySchema,
        response: { 200: UserEnvelopeSchema, ...errorResponses(400, 401, 403, 404, 413, 415, 503) },
      },
    },
    async (request) => {
      const { user, sessionsEnded } = await updateUser(app.issuer, request.principal!, request.params.id.toLowerCase(), request.body)
      request.log.info({ user_id: user.id, changes: request.body, by: request.principal!.userId, sessions_ended: sessionsEnded }, 'user updated')
      if (sessionsEnded) app.issuerMetrics.revocations.inc({ reason: 'user_update' })
      return { user: presentUser(user) }
    },
  )
}
