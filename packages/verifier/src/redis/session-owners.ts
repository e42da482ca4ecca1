import type { RedisClient } from './redis-client.js'
import { sessionKeys } from '../core/session-keys.js'
import type { SessionLiveness } from '../core/session-liveness.js'
import { guardRedis } from './guard-redis.js'

/** Whose a session is, as Redis says now. */
export interface SessionOwners {
  /**
   * The user id the session's liveness marker holds, or `undefined` when the session is gone.
   * @throws UnavailableError when Redis cannot answer.
   */
  ownerOf(userId: string, sessionId: string): Promise<string | undefined>
}

/**
 * Reads whose a session is: one `GET <prefix>live:{<uid>}:<sid>`. The marker exists exactly as long as the session
 * does (logout, revocation and expiry all delete it), so the answer is never stale; `undefined` when it is gone.
 */
export function createRedisSessionOwners(redis: RedisClient, prefix?: string): SessionOwners {
  const keys = sessionKeys(prefix)
  return {
    // An empty value is no owner: it must never match a token whose `sub` is empty.
    ownerOf: (userId, sessionId) => guardRedis(async () => (await redis.get(keys.live(userId, sessionId))) || undefined),
  }
}

/**
 * Asks Redis whether a session lives and is the user's, in one round trip (`GET` of its liveness marker, whose value
 * is the user id): a token naming one user and another user's live session is refused (issue 11).
 * @throws UnavailableError when Redis cannot answer.
 */
export function createRedisSessionLiveness(redis: RedisClient, prefix?: string): SessionLiveness {
  const owners = createRedisSessionOwners(redis, prefix)
  return {
    isLive: async (sessionId, userId) => (await owners.ownerOf(userId, sessionId)) === userId,
  }
}
