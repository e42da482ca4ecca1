import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { RefreshBodySchema, TokenPairSchema, errorResponses } from '@authpair/contract'
import { AppError } from '@authpair/errors'
import { bodyIsOptional } from '@authpair/http'
import { refresh } from '../../domain/refresh.js'
import { REFRESH_COOKIE, setSessionCookies } from '../../http/cookies.js'
import { presentTokens } from '../../http/present.js'

/** `POST /auth/refresh`: rotates the refresh token (body or cookie) and issues new tokens. */
export const refreshRoute: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/refresh',
    {
      config: app.perMinuteLimit(app.config.REFRESH_RATE_LIMIT),
      preValidation: bodyIsOptional,
      schema: {
        summary: 'Exchange a refresh token for new tokens',
        body: RefreshBodySchema,
        response: { 200: TokenPairSchema, ...errorResponses(400, 401, 413, 415, 429, 503) },
      },
    },
    async (request, reply) => {
      const presented = request.body?.refresh_token ?? request.cookies[REFRESH_COOKIE]
      if (!presented) throw new AppError('invalid_refresh_token', 'A refresh token is required.')
      const tokens = await refresh(app.issuer, presented, (event) => {
        request.log.warn({ user_id: event.userId, session_id: event.sessionId }, 'refresh token reuse: session revoked')
        app.issuerMetrics.reuseDetections.inc()
        app.issuerMetrics.revocations.inc({ reason: 'refresh_reuse' })
      })
      setSessionCookies(reply, tokens, app.config.COOKIE_SECURE)
      return reply.send(presentTokens(tokens))
    },
  )
}
