import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { RedisClient } from '@authpair/verifier/redis'
import type { ReadinessCheck } from '@authpair/http'
import { createTokenVerifier, remoteKeySource, type RemoteKeySource, type SessionLiveness } from '@authpair/verifier'
import { StartupError } from '@authpair/errors'
import {
  KeyLayoutError,
  checkKeyLayout,
  createRedisSessionLiveness,
  trackedSessionLiveness,
  watchKeySet,
  type LookupAnswer,
} from '@authpair/verifier/redis'
import { verifierPlugin } from '@authpair/verifier/fastify'
import type { VerificationConfig } from './verification-env.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** The issuer's keys, fetched from its JWKS and held while the issuer is away. */
    issuerKeys: RemoteKeySource
  }
}

/** The settings the plugin reads: the verification ones and the shared Redis's. */
export type VerificationSettings = VerificationConfig & { REDIS_URL: string; REDIS_KEY_PREFIX: string }

export interface VerificationPluginOptions {
  config: VerificationSettings
  /** The service's connected Redis client: `strict` mode asks it on every request. */
  redis: RedisClient
}

/**
 * `tracked`: answers from memory that Redis keeps exact; `strict`: one HGET per request on the shared client.
 * Either way the issuer's key-layout marker must be under REDIS_KEY_PREFIX, or the service does not start (issue 12):
 * a wrong prefix would refuse every token as if its session had ended.
 */
async function sessionLiveness(app: FastifyInstance, { config, redis }: VerificationPluginOptions): Promise<SessionLiveness> {
  if (config.VERIFY_MODE === 'strict') {
    await startupCheck(() => checkKeyLayout(redis, { keyPrefix: config.REDIS_KEY_PREFIX, waitMs: config.KEY_LAYOUT_WAIT * 1000 }))
    return createRedisSessionLiveness(redis, config.REDIS_KEY_PREFIX)
  }
  const answers: readonly LookupAnswer[] = ['cache', 'heartbeat', 'redis', 'redis_untrusted']
  const counts = app.metrics.hotCounter('verifier_session_lookups_total', 'Session liveness answers by source', 'answer', answers)
  const heartbeats = app.metrics.counter('verifier_heartbeats_total', 'Heartbeats (PING) sent to prove remembered sessions fresh')
  const tracked = trackedSessionLiveness({
    url: config.REDIS_URL,
    keyPrefix: config.REDIS_KEY_PREFIX,
    maxEntries: config.SESSION_CACHE_SIZE,
    maxStalenessMs: config.MAX_STALENESS_MS,
    layoutWaitMs: config.KEY_LAYOUT_WAIT * 1000,
    onLookup: (answer) => counts[answer].inc(),
    onHeartbeat: () => heartbeats.inc(),
  })
  app.addHook('onClose', () => tracked.close())
  // The shared client has just connected, so Redis answers: this waits out the handshake and looks for the marker.
  await startupCheck(() => tracked.ready())
  return tracked
}

async function startupCheck(check: () => Promise<void>): Promise<void> {
  try {
    await check()
  } catch (error) {
    if (error instanceof KeyLayoutError) throw new StartupError(error.message)
    throw error
  }
}

/**
 * Verifies the issuer's access tokens with keys from its JWKS (fetched at start if the issuer answers, refreshed
 * in the background, refetched on an unknown `kid`), remembers verified tokens until they expire, and checks the
 * session's liveness in the shared Redis on every request. Registers `verifierPlugin` (so `app.authenticate`,
 * `app.requireRole` and the forward-auth route work) and decorates `app.issuerKeys`.
 */
export const verificationPlugin = fp<VerificationPluginOptions>(
  async (app: FastifyInstance, options) => {
    const { config } = options
    const jwksFetches = app.metrics.counter('jwks_fetches_total', 'Fetches of the issuer JWKS, by outcome', ['outcome'])
    const tokenLookups = app.metrics.hotCounter('verifier_token_cache_lookups_total', 'Verified-token cache lookups', 'result', [
      'hit',
      'miss',
    ])
    const fetchCauses = app.metrics.counter('jwks_fetches_by_cause_total', 'Fetches of the issuer JWKS, by cause', ['cause'])
    const keys = remoteKeySource(config.JWKS_URL, {
      onFetch: (outcome) => jwksFetches.inc({ outcome }),
      onFetchCause: (cause) => fetchCauses.inc({ cause }),
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
    // The issuer announces every key-set change in Redis: refetch at once (a revoked key is refused within 1 s).
    const watcher = watchKeySet({
      url: config.REDIS_URL,
      keyPrefix: config.REDIS_KEY_PREFIX,
      refresh: () => keys.refresh('announcement'),
      onError: (error) => app.log.warn({ reason: (error as Error).message }, 'key-set announcement: refetch failed; keeping the keys held'),
    })
    app.addHook('onClose', () => watcher.close())
    const verifier = createTokenVerifier({
      keys: keys.getKey,
      issuer: config.ISSUER_URL,
      audience: config.TOKEN_AUDIENCE,
      clockToleranceSeconds: config.CLOCK_TOLERANCE,
      maxLifetimeSeconds: config.MAX_TOKEN_LIFETIME,
      sessions: await sessionLiveness(app, options),
      cacheSize: config.TOKEN_CACHE_SIZE,
      onCacheLookup: (hit) => tokenLookups[hit ? 'hit' : 'miss'].inc(),
    })
    await app.register(verifierPlugin, { verifier })
  },
  { name: 'verification', fastify: '5.x' },
)

/** A `/readyz` check: ready once the issuer's keys were loaded at least once; asking retries while they are not. */
export function jwksReadinessCheck(keys: RemoteKeySource): ReadinessCheck {
  return async () => (keys.loaded() ? undefined : keys.refresh())
}
