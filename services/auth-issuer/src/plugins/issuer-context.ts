import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createRedisSessionStore, withRevocationWait } from '@authpair/sessions'
import { createAccessTokenSigner, type SigningKey } from '@authpair/tokens'
import type { IssuerConfig } from '../config.js'
import { ensureAdmin } from '../domain/ensure-admin.js'
import type { IssuerContext } from '../domain/ports.js'
import { createBcryptHasher } from '../password/bcrypt-hasher.js'
import { createMongoUserRepository, ensureUserIndexes } from '../stores/mongo-user-repository.js'
import { startKeySchedule, type LiveKeySet } from '../keys/key-schedule.js'
import { createSessionUserCache } from '../stores/session-user-cache.js'
import { createRedisLoginThrottle } from '../stores/redis-login-throttle.js'

declare module 'fastify' {
  interface FastifyInstance {
    config: IssuerConfig
    issuer: IssuerContext
    /** The published keys (`next`, `current`, `previous`), newest first. */
    signingKeys: readonly SigningKey[]
    /** The live key set, its ring and schedule (admin key routes). */
    liveKeys: LiveKeySet
    /** When the `next` key starts signing, in ms since the epoch; undefined without one. */
    nextKeyActivation: number | undefined
  }
}

export interface IssuerContextOptions {
  config: IssuerConfig
  now?: () => number
}

/** Builds what the routes need once, at start: repositories, the hasher, the signing keys, the bootstrap admin. */
export const issuerContextPlugin = fp<IssuerContextOptions>(
  async (app: FastifyInstance, { config, now = Date.now }) => {
    await ensureUserIndexes(app.stores.db)
    const keys = await startKeySchedule(app, config, now)
    const users = createMongoUserRepository(app.stores.db)
    const context: IssuerContext = {
      users,
      sessionUsers: createSessionUserCache(users, { ttlMs: config.SESSION_USER_CACHE_TTL * 1000, max: 100_000 }),
      // Issue 15: a revocation is answered once REDIS_REVOCATION_REPLICAS replicas have it, else 503.
      sessions: withRevocationWait(createRedisSessionStore(app.stores.redis, config.REDIS_KEY_PREFIX), app.stores.redis, {
        replicas: config.REDIS_REVOCATION_REPLICAS ?? 0,
        timeoutMs: config.REDIS_REVOCATION_WAIT * 1000,
        keyPrefix: config.REDIS_KEY_PREFIX,
      }),
      passwords: await createBcryptHasher(config.BCRYPT_COST),
      loginThrottle: createRedisLoginThrottle(app.stores.redis, config.REDIS_KEY_PREFIX, {
        maxPerAccount: config.LOGIN_MAX_ATTEMPTS,
        maxPerIp: config.LOGIN_MAX_ATTEMPTS_PER_IP,
        maxSuccessesPerIp: config.LOGIN_MAX_SUCCESSES_PER_IP,
        windowSeconds: config.LOGIN_WINDOW,
        waitSeconds: config.LOGIN_ATTEMPT_WAIT,
        // A reservation is held while its request waits for a bcrypt slot and works: the lease outlasts both.
        leaseSeconds: config.BCRYPT_QUEUE_WAIT + 30,
      }),
      signer: createAccessTokenSigner({
        key: () => keys.set.signing,
        issuer: config.ISSUER_URL,
        audience: config.TOKEN_AUDIENCE,
        clientId: config.TOKEN_CLIENT_ID,
        ttlSeconds: config.ACCESS_TOKEN_TTL,
      }),
      settings: {
        accessTokenTtl: config.ACCESS_TOKEN_TTL,
        refreshTokenTtl: config.REFRESH_TOKEN_TTL,
        reuseGraceMs: config.REFRESH_REUSE_GRACE * 1000,
        maxSessionsPerUser: config.MAX_SESSIONS_PER_USER,
        requireVerifiedEmail: config.REQUIRE_VERIFIED_EMAIL,
      },
      now,
    }
    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      const outcome = await ensureAdmin(context, config.ADMIN_EMAIL, config.ADMIN_PASSWORD)
      app.log.info({ outcome }, 'bootstrap admin (ADMIN_EMAIL) ensured')
    }
    app.decorate('config', config)
    app.decorate('liveKeys', keys)
    app.decorate('signingKeys', { getter: () => keys.set.published })
    app.decorate('nextKeyActivation', { getter: () => keys.set.records.find((key) => key.state === 'next')?.activates_at?.getTime() })
    app.decorate('issuer', context)
    app.log.info({ kid: keys.set.signing.kid, keys: keys.set.published.length }, 'signing keys loaded')
  },
  { name: 'issuer-context', fastify: '5.x', dependencies: ['@authpair/stores'] },
)
