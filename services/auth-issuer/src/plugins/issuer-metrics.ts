import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Counter } from 'prom-client'

/** Why sessions ended, for `session_revocations_total`. */
export type RevocationReason = 'logout' | 'logout_all' | 'session_delete' | 'password_change' | 'user_update' | 'refresh_reuse'

export interface IssuerMetrics {
  revocations: Counter<'reason'>
  reuseDetections: Counter<string>
}

declare module 'fastify' {
  interface FastifyInstance {
    issuerMetrics: IssuerMetrics
  }
}

// What a login or refresh answer means, by its status.
const OUTCOMES: Record<string, Record<number, string>> = {
  '/auth/login': { 200: 'success', 401: 'invalid_credentials', 403: 'account_disabled', 429: 'too_many_attempts', 503: 'unavailable' },
  '/auth/refresh': { 200: 'success', 401: 'invalid_refresh_token', 429: 'too_many_attempts', 503: 'unavailable' },
}

/** The issuer's own counters: logins and refreshes by outcome, reuse detections, revocations by reason. */
export const issuerMetrics = fp(
  async (app: FastifyInstance) => {
    const logins = app.metrics.counter('logins_total', 'Login attempts by outcome', ['outcome'])
    const refreshes = app.metrics.counter('refreshes_total', 'Refresh attempts by outcome', ['outcome'])
    const counters: Record<string, Counter<'outcome'>> = { '/auth/login': logins, '/auth/refresh': refreshes }
    app.decorate('issuerMetrics', {
      revocations: app.metrics.counter('session_revocations_total', 'Sessions ended, by reason', ['reason']),
      reuseDetections: app.metrics.counter('refresh_reuse_detections_total', 'Retired refresh tokens presented after the grace period'),
    })
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.url ?? ''
      const counter = counters[route]
      if (counter) counter.inc({ outcome: OUTCOMES[route]![reply.statusCode] ?? 'invalid_request' })
    })
  },
  { name: 'issuer-metrics', fastify: '5.x' },
)
