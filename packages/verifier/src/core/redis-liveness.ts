import type { Redis } from 'ioredis'
import { createRedisSessionLiveness } from '@authpair/sessions'
import { createRedisClient } from '@authpair/stores'
import type { SessionLiveness } from './session-liveness.js'

export interface RedisLivenessOptions {
  /** The issuer's Redis, e.g. `redis://127.0.0.1:6379`; or pass `client`. */
  url?: string
  /** A client of your own. Prefer one that fails fast (no offline queue, a command timeout), or requests wait. */
  client?: Redis
  /** The issuer's REDIS_KEY_PREFIX. Default `authpair:`. */
  keyPrefix?: string
}

/**
 * Session liveness on the issuer's Redis: one `EXISTS` per verification. Given a URL, it makes a client that
 * fails fast while Redis is down (requests answer 503 instead of waiting) and reconnects by itself.
 * @example const sessions = redisSessionLiveness({ url: process.env.REDIS_URL })
 */
export function redisSessionLiveness(options: RedisLivenessOptions): SessionLiveness & { close(): Promise<void> } {
  if (!options.client && !options.url) throw new TypeError('redisSessionLiveness needs a `url` or a `client`')
  const client = options.client ?? createRedisClient({ url: options.url!, connectionName: 'authpair-verifier', lazyConnect: false })
  const liveness = createRedisSessionLiveness(client, options.keyPrefix)
  return {
    isLive: liveness.isLive,
    close: async () => {
      if (!options.client) await client.quit().catch(() => undefined)
    },
  }
}
