import type { RedisClient } from './redis-client.js'
import { once } from 'node:events'
import { checkKeyLayout } from './key-layout.js'
import { createRedisSessionLiveness } from './session-owners.js'
import { closeRedisClient, createRedisClient } from './redis-client.js'
import type { SessionLiveness } from '../core/session-liveness.js'

export interface StrictLivenessOptions {
  /** The issuer's Redis, e.g. `redis://127.0.0.1:6379`; or pass `client`. */
  url?: string
  /** A client of your own. Prefer one that fails fast (no offline queue, a command timeout), or requests wait. */
  client?: RedisClient
  /** The issuer's REDIS_KEY_PREFIX. Default `authpair:`. */
  keyPrefix?: string
  /** How long `ready()` waits for the issuer's key-layout marker, in ms (see checkKeyLayout). Default 10 s. */
  layoutWaitMs?: number
}

export interface StrictLiveness extends SessionLiveness {
  /**
   * Resolves once Redis answers and the issuer's key-layout marker is found under the prefix.
   * @throws KeyLayoutError naming REDIS_KEY_PREFIX when it is missing: a wrong prefix, not a revocation.
   */
  ready(timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

/**
 * Session liveness on the issuer's Redis, strictly: one `GET` of the session's liveness marker (its user id) per verification, live only
 * when it is the token's `sub` (see `trackedSessionLiveness` for the cached way that stays exact). Given a URL, it makes a client that
 * fails fast while Redis is down (requests answer 503 instead of waiting) and reconnects by itself.
 * @example const sessions = strictSessionLiveness({ url: process.env.REDIS_URL })
 */
export function strictSessionLiveness(options: StrictLivenessOptions): StrictLiveness {
  if (!options.client && !options.url) throw new TypeError('strictSessionLiveness needs a `url` or a `client`')
  const client = options.client ?? createRedisClient({ url: options.url!, connectionName: 'authpair-verifier', lazyConnect: false })
  const liveness = createRedisSessionLiveness(client, options.keyPrefix)
  return {
    isLive: (sessionId, userId) => liveness.isLive(sessionId, userId),
    async ready(timeoutMs = 5000) {
      if (client.status !== 'ready') await once(client, 'ready', { signal: AbortSignal.timeout(timeoutMs) })
      await checkKeyLayout(client, { keyPrefix: options.keyPrefix, waitMs: options.layoutWaitMs })
    },
    close: async () => {
      if (!options.client) await closeRedisClient(client)
    },
  }
}
