import type { Redis } from 'ioredis'
import { guardRedis } from '@authpair/stores'
import { sessionKeys } from './keys.js'

/**
 * Asks Redis whether a session lives: one `EXISTS` on its key. A session key exists exactly as long as the
 * session does (logout, revocation and expiry all delete it), so the answer is never stale.
 * @throws UnavailableError when Redis cannot answer.
 */
export function createRedisSessionLiveness(redis: Redis, prefix?: string): { isLive(sessionId: string): Promise<boolean> } {
  const keys = sessionKeys(prefix)
  return {
    isLive: (sessionId) => guardRedis(async () => (await redis.exists(keys.session(sessionId))) === 1),
  }
}
