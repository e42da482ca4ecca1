import type { Redis } from 'ioredis'
import { createRedisSessionLiveness } from './session-owners.js'
import { closeRedisClient, createRedisClient } from './redis-client.js'
import type { SessionLiveness } from '../core/session-liveness.js'

export interface StrictLivenessOptions {
  /** The issuer's Redis, e.g. `redis://127.0.0.1:6379`; or pass `client`. */
  url?: string
  /** A client of your own. Prefer one that fails fast (no offline queue, a command timeout), or requests wait. */
  client?: Redis
  /** The issuer's REDIS_KEY_PREFIX. Default `authpair:`. */
  keyPrefix?: string
}

/**
 * Session liveness on the issuer's Redis, strictly: one `HGET` of the session's user id per verification, live only
 * when it is the token's `sub` (see `trackedSessionLiveness` for the cached way that stays exact). Given a URL, it makes a client that
 * fails fast while Redis is down (requests answer 503 instead of waiting) and reconnects by itself.
 * @example const sessions = strictSessionLiveness({ url: process.env.REDIS_URL })
 */
export function strictSessionLiveness(options: StrictLivenessOptions): SessionLiveness & { close(): Promise<void> } {
  if (!options.client && !options.url) throw new TypeError('strictSessionLiveness needs a `url` or a `client`')
  const client = options.client ?? createRedisClient({ url: options.url!, connectionName: 'authpair-verifier', lazyConnect: false })
  const liveness = createRedisSessionLiveness(client, options.keyPrefix)
  return {
    isLive: (sessionId, userId) => liveness.isLive(sessionId, userId),
    close: async () => {
      if (!options.client) await closeRedisClient(client)
    },
  }
}
