import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AcceptedSchema, EmailChangeBodySchema, EmailTokenBodySchema, NoContentSchema, errorResponses } from '@authpair/contract'
import { bearerSecurity } from '@authpair/http'
import { confirmEmailChange, requestEmailChange } from '../../domain/email-change.js'
import { resendVerification, verifyEmail } from '../../domain/email-verification.js'

/** `/auth/email/*` (issue 14): verify the address, change it. Tokens come from the mails' links. */
export const emailRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/email/verify/send',
    {
      onRequest: app.authenticate,
      schema: { summary: 'Mail a new verification link', security: bearerSecurity, response: { 202: AcceptedSchema, ...errorResponses(401, 409, 429, 503) } },
    },
    async (request, reply) => {
      const { userId } = request.principal!
      await resendVerification(app.mailFlowsFor(`ip:${request.ip}`), userId, request.ip)
      return reply.code(202).send({})
    },
  )

  app.post(
    '/email/verify',
    { schema: { summary: 'Verify the email address with the token from the mail', body: EmailTokenBodySchema, response: { 204: NoContentSchema, ...errorResponses(400, 413, 415, 503) } } },
    async (request, reply) => {
      await verifyEmail(app.mailFlowsFor(`ip:${request.ip}`), request.body.token)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/email/change',
    {
      onRequest: app.authenticate,
      schema: {
        summary: 'Ask to change the email address (confirmed from the new address)', security: bearerSecurity,
        body: EmailChangeBodySchema,
        response: { 202: AcceptedSchema, ...errorResponses(400, 401, 409, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const { userId, sessionId } = request.principal!
      await requestEmailChange(app.mailFlowsFor(`ip:${request.ip} user:${userId}`), {
        userId, sessionId, ip: request.ip, newEmail: request.body.new_email, currentPassword: request.body.current_password,
      })
      request.log.info({ user_id: userId }, 'email change asked; confirmation mailed')
      return reply.code(202).send({})
    },
  )

  app.post(
    '/email/change/confirm',
    { schema: { summary: 'Confirm an email change with the token from the mail', body: EmailTokenBodySchema, response: { 204: NoContentSchema, ...errorResponses(400, 409, 413, 415, 503) } } },
    async (request, reply) => {
      await confirmEmailChange(app.mailFlowsFor(`ip:${request.ip}`), request.body.token)
      app.issuerMetrics.revocations.inc({ reason: 'user_update' })
      return reply.code(204).send(null)
    },
  )
}
