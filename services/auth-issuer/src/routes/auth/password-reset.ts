import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { AcceptedSchema, NoContentSchema, PasswordForgotBodySchema, PasswordResetBodySchema, errorResponses } from '@authpair/contract'
import { forgotPassword, limitForgotPassword, resetPassword } from '../../domain/password-reset.js'

/** `POST /auth/password/forgot` and `/auth/password/reset` (issue 14). */
export const passwordResetRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/password/forgot',
    {
      schema: {
        summary: 'Mail a password reset link (the answer is the same whether or not the account exists)',
        body: PasswordForgotBodySchema,
        response: { 202: AcceptedSchema, ...errorResponses(400, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const context = app.mailFlowsFor(`ip:${request.ip}`)
      const { email } = request.body
      await limitForgotPassword(context, email, request.ip)
      // The lookup and the mail come after the answer, so its time says nothing about the account.
      app.inBackground(() => forgotPassword(context, email))
      return reply.code(202).send({})
    },
  )

  app.post(
    '/password/reset',
    {
      schema: {
        summary: 'Set a new password with the token from the mail; every session ends',
        body: PasswordResetBodySchema,
        response: { 204: NoContentSchema, ...errorResponses(400, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      await resetPassword(app.mailFlowsFor(`ip:${request.ip}`), request.body.token, request.body.new_password)
      request.log.info('password reset; every session of the user revoked')
      app.issuerMetrics.revocations.inc({ reason: 'password_change' })
      return reply.code(204).send(null)
    },
  )
}
