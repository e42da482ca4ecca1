import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { LogoutBodySchema, NoContentSchema, errorResponses } from '@authpair/contract'
import { BearerError } from '@authpair/errors'
import { bearerSecurity, bodyIsOptional, optionalBearerSecurity } from '@authpair/http'
import { extractBearerToken } from '@authpair/verifier'
import { logoutEverywhere, logoutSession, logoutWithRefreshToken } from '../../domain/sessions.js'
import { ACCESS_COOKIE, REFRESH_COOKIE, clearSessionCookies } from '../../http/cookies.js'

/** `POST /auth/logout` (one session, by access or refresh token) and `POST /auth/logout-all` (every session). */
export const logoutRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/logout',
    {
      preValidation: bodyIsOptional,
      schema: {
        summary: 'End the current session',
        description: 'Names the session by a Bearer access token (or the access cookie), else by a refresh token in the body or cookie; the body may be left out.',
        security: optionalBearerSecurity,
        body: LogoutBodySchema,
        response: { 204: NoContentSchema, ...errorResponses(400, 401, 413, 415, 503) },
      },
    },
    async (request, reply) => {
      const accessToken = extractBearerToken(request.headers.authorization, request.cookies[ACCESS_COOKIE])
      const refreshToken = request.body?.refresh_token ?? request.cookies[REFRESH_COOKIE]
      const principal = accessToken ? await app.tokenVerifier.verifyClaims(accessToken).catch(() => undefined) : undefined
      if (principal) {
        await logoutSession(app.issuer, principal.sessionId, principal.userId)
      } else if (!refreshToken || !(await logoutWithRefreshToken(app.issuer, refreshToken))) {
        throw new BearerError(accessToken || refreshToken ? 'invalid_token' : 'missing', 'No token this issuer issued was given.')
      }
      app.issuerMetrics.revocations.inc({ reason: 'logout' })
      clearSessionCookies(reply, app.config.COOKIE_SECURE)
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/logout-all',
    {
      onRequest: app.authenticate,
      schema: { summary: 'End every session of the user', security: bearerSecurity, response: { 204: NoContentSchema, ...errorResponses(401, 503) } },
    },
    async (request, reply) => {
      const count = await logoutEverywhere(app.issuer, request.principal!.userId)
      request.log.info({ user_id: request.principal!.userId, sessions: count }, 'logged out everywhere')
      app.issuerMetrics.revocations.inc({ reason: 'logout_all' })
      clearSessionCookies(reply, app.config.COOKIE_SECURE)
      return reply.code(204).send(null)
    },
  )
}
