import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { LoginBodySchema, TokenPairSchema, errorResponses } from '@authpair/contract'
import { normalizeEmail } from '../../domain/email.js'
import { login } from '../../domain/login.js'
import { clientInfo } from '../../http/client-info.js'
import { setSessionCookies } from '../../http/cookies.js'
import { presentTokens } from '../../http/present.js'

/** `POST /auth/login`: a new session, its tokens in the body and in cookies. */
export const loginRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/login',
    {
      schema: {
        summary: 'Log in with email and password',
        body: LoginBodySchema,
        response: { 200: TokenPairSchema, ...errorResponses(400, 401, 403, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const client = `ip:${request.ip} account:${normalizeEmail(request.body.email)}`
      const tokens = await login(app.issuerFor(client), request.body, clientInfo(request))
      request.log.info({ user_id: tokens.user.id, session_id: tokens.sessionId }, 'login succeeded')
      setSessionCookies(reply, tokens, app.config.COOKIE_SECURE)
      return reply.send(presentTokens(tokens))
    },
  )
}
