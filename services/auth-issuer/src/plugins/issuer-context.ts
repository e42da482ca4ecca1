import { readFile } from 'node:fs/promises'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createRedisSessionStore, withRevocationWait } from '@authpair/sessions'
import { createAccessTokenSigner, signingKeyFromPem, type SigningKey } from '@authpair/tokens'
import type { IssuerConfig } from '../config.js'
import { ensureAdmin } from '../domain/ensure-admin.js'
import type { IssuerContext } from '../domain/ports.js'
import { createBcryptHasher } from '../password/bcrypt-hasher.js'
import { createMongoUserRepository, ensureUserIndexes } from '../stores/mongo-user-repository.js'
import { loadOrCreateSigningKeys } from '../stores/mongo-signing-keys.js'
import { createSessionUserCache } from '../stores/session-user-cache.js'
import { createRedisLoginThrottle } from '../stores/redis-login-throttle.js'

declare module 'fastify' {
  interface FastifyInstance {
    config: IssuerConfig
    issuer: IssuerContext
    /** Newest first: the first signs; all are published in the JWKS. */
    signingKeys: readonly SigningKey[]
  }
}

export interface IssuerContextOptions {
  config: IssuerConfig
  now?: () => number
}

async function loadSigningKeys(app: FastifyInstance, config: IssuerConfig): Promise<SigningKey[]> {
  if (!config.SIGNING_KEY_FILE) return loadOrCreateSigningKeys(app.stores.db)
  return [await signingKeyFromPem(await readFile(config.SIGNING_KEY_FILE, 'utf8'))]
}

/** Builds what the routes need once, at start: repositories, the hasher, the signing keys, the bootstrap admin. */
export const issuerContextPlugin = fp<IssuerContextOptions>(
  async (app: FastifyInstance, { config, now = Date.now }) => {
    await ensureUserIndexes(app.stores.db)
    const keys = await loadSigningKeys(app, config)
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
        key: keys[0]!,
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
      },
      now,
    }
    if (config.ADMIN_EMAIL && config.ADMIN_PASSWORD) {
      const outcome = await ensureAdmin(context, config.ADMIN_EMAIL, config.ADMIN_PASSWORD)
      app.log.info({ outcome }, 'bootstrap admin (ADMIN_EMAIL) ensured')
    }
    app.decorate('config', config)
    app.decorate('signingKeys', keys)
    app.decorate('issuer', context)
    app.log.info({ kid: keys[0]!.kid, keys: keys.length }, 'signing keys loaded')
  },
  { name: 'issuer-context', fastify: '5.x', dependencies: ['@authpair/stores'] },
)
