import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createTokenVerifier, remoteKeySource, type RemoteKeySource, type SessionLiveness } from '@authpair/verifier'
import { createRedisSessionLiveness, trackedSessionLiveness, type LookupAnswer } from '@authpair/verifier/redis'
import { verifierPlugin } from '@authpair/verifier/fastify'
import type { ResourceConfig } from '../config.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The issuer's keys, fetched from its JWKS and held while the issuer is away. */
    issuerKeys: RemoteKeySource
  }
}

/** `tracked`: answers from memory that Redis keeps exact; `strict`: one HGET per request on the shared client. */
async function sessionLiveness(app: FastifyInstance, config: ResourceConfig): Promise<SessionLiveness> {
  if (config.VERIFY_MODE === 'strict') return createRedisSessionLiveness(app.stores.redis, config.REDIS_KEY_PREFIX)
  const answers: readonly LookupAnswer[] = ['cache', 'heartbeat', 'redis', 'redis_untrusted']
  const counts = app.metrics.hotCounter('verifier_session_lookups_total', 'Session liveness answers by source', 'answer', answers)
  const tracked = trackedSessionLiveness({
    url: config.REDIS_URL,
    keyPrefix: config.REDIS_KEY_PREFIX,
    maxEntries: config.SESSION_CACHE_SIZE,
    maxStalenessMs: config.MAX_STALENESS_MS,
    onLookup: (answer) => counts[answer].inc(),
  })
  app.addHook('onClose', () => tracked.close())
  // The shared client has just connected, so Redis answers: this only waits out the connection's handshake.
  await tracked.ready()
  return tracked
}

/**
 * Verifies the issuer's access tokens with keys from its JWKS (fetched at start if the issuer answers, refreshed
 * in the background, refetched on an unknown `kid`), remembers verified tokens until they expire, and checks the
 * session's liveness in the shared Redis on every request.
 */
export const verificationPlugin = fp<{ config: ResourceConfig }>(
  async (app: FastifyInstance, { config }) => {
    const jwksFetches = app.metrics.counter('jwks_fetches_total', 'Fetches of the issuer JWKS, by outcome', ['outcome'])
    const tokenLookups = app.metrics.hotCounter('verifier_token_cache_lookups_total', 'Verified-token cache lookups', 'result', [
      'hit',
      'miss',
    ])
    const keys = remoteKeySource(config.JWKS_URL, {
      onFetch: (outcome) => jwksFetches.inc({ outcome }),
      onKeysRemoved: () => verifier.clearCache(),
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
      maxLifetimeSeconds: config.MAX_TOKEN_LIFETIME,
      sessions: await sessionLiveness(app, config),
      cacheSize: config.TOKEN_CACHE_SIZE,
      onCacheLookup: (hit) => tokenLookups[hit ? 'hit' : 'miss'].inc(),
    })
    await app.register(verifierPlugin, { verifier })
  },
  { name: 'verification', fastify: '5.x', dependencies: ['@authpair/stores'] },
)
