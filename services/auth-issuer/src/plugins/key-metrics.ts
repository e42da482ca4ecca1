import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Gauge } from 'prom-client'

/** Signing-key metrics (issue 13): the current key's age, rotations and revocations this issuer made. */
export const keyMetrics = fp(
  async (app: FastifyInstance) => {
    const rotations = app.metrics.counter('signing_key_rotations_total', 'Signing keys that became current')
    const revocations = app.metrics.counter('signing_key_revocations_total', 'Signing keys revoked')
    const live = app.liveKeys
    new Gauge({
      name: 'signing_key_current_age_seconds',
      help: 'Seconds since the current signing key started signing',
      registers: [app.metrics.registry],
      collect() {
        const current = live.set.records.find((record) => record.kid === live.set.signing.kid)
        this.set(current?.activates_at ? (Date.now() - current.activates_at.getTime()) / 1000 : 0)
      },
    })
    live.onTransition(({ to }) => {
      if (to === 'current') rotations.inc()
      if (to === 'revoked') revocations.inc()
    })
  },
  { name: 'key-metrics', fastify: '5.x', dependencies: ['issuer-context'] },
)
