import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { NoContentSchema, PasswordChangeBodySchema, errorResponses } from '@authpair/contract'
import { changePassword } from '../../domain/change-password.js'
import { bearerSecurity } from '@authpair/http'

/** `POST /auth/password`: a new password; every other session ends. */
export const passwordRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/password',
    {
      onRequest: app.authenticate,
      schema: {
        summary: 'Change the password', security: bearerSecurity,
        body: PasswordChangeBodySchema,
        response: { 204: NoContentSchema, ...errorResponses(400, 401, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const principal = request.principal!
      const client = `ip:${request.ip} user:${principal.userId}`
      await changePassword(app.issuerFor(client), {
        userId: principal.userId,
        sessionId: principal.sessionId,
        currentPassword: request.body.current_password,
        newPassword: request.body.new_password,
      })
      request.log.info({ user_id: principal.userId }, 'password changed; other sessions revoked')
      app.issuerMetrics.revocations.inc({ reason: 'password_change' })
      return reply.code(204).send(null)
    },
  )
}
