import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { SignupBodySchema, UserEnvelopeSchema, errorResponses } from '@authpair/contract'
import { sendVerification } from '../../domain/email-verification.js'
import { signup } from '../../domain/signup.js'
import { presentUser } from '../../http/present.js'

/** `POST /auth/signup`: a new account with role `user`. */
export const signupRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/signup',
    {
      config: app.perMinuteLimit(app.config.SIGNUP_RATE_LIMIT),
      schema: {
        summary: 'Create an account',
        body: SignupBodySchema,
        response: { 201: UserEnvelopeSchema, ...errorResponses(400, 409, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const { email, password, name, first_name, last_name, phone } = request.body
      const user = await signup(app.issuer, { email, password, name, firstName: first_name, lastName: last_name, phone })
      // Issue 14: the verification mail is in the outbox before the answer.
      await sendVerification(app.mailFlowsFor(`ip:${request.ip}`), user)
      return reply.code(201).send({ user: presentUser(user) })
    },
  )
}
