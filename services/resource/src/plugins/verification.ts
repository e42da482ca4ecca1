import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createRedisSessionLiveness } from '@authpair/sessions'
import { createTokenVerifier, remoteKeySource, type RemoteKeySource } from '@authpair/verifier'
import { verifierPlugin } from '@authpair/verifier/fastify'
import type { ResourceConfig } from '../config.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The issuer's keys, fetched from its JWKS and held while the issuer is away. */
    issuerKeys: RemoteKeySource
  }
}

/**
 * Verifies the issuer's access tokens with keys from its JWKS (fetched at start if the issuer answers, refreshed
 * in the background, refetched on an unknown `kid`) and the session's liveness in the shared Redis.
 */
export const verificationPlugin = fp<{ config: ResourceConfig }>(
  async (app: FastifyInstance, { config }) => {
    const jwksFetches = app.metrics.counter('jwks_fetches_total', 'Fetches of the issuer JWKS, by outcome', ['outcome'])
    const keys = remoteKeySource(config.JWKS_URL, {
      onFetch: (outcome) => jwksFetches.inc({ outcome }),
      refreshIntervalMs: config.JWKS_REFRESH_INTERVAL * 1000,
      cooldownMs: config.JWKS_COOLDOWN * 1000,
      onRefreshError: (error) => app.log.warn({ reason: (error as Error).message }, 'JWKS refresh failed; keeping the keys held'),
    })
    await keys.refresh().catch((error: unknown) => {
      app.log.warn({ jwks_url: config.JWKS_URL, reason: (error as Error).message }, 'JWKS not reachable yet; will fetch on demand')
    })
    app.decorate('issuerKeys', keys)
    app.addHook('onClose', async () => keys.close())
    const verifier = createTokenVerifier({
      keys: keys.getKey,
      issuer: config.ISSUER_URL,
      audience: config.TOKEN_AUDIENCE,
      clockToleranceSeconds: config.CLOCK_TOLERANCE,
      sessions: createRedisSessionLiveness(app.stores.redis, config.REDIS_KEY_PREFIX),
    })
    await app.register(verifierPlugin, { verifier })
  },
  { name: 'verification', fastify: '5.x', dependencies: ['@authpair/stores'] },
)
