import type { Redis } from 'ioredis'
import { SESSION_USER_FIELD, sessionKeys } from '../core/session-keys.js'
import type { SessionLiveness } from '../core/session-liveness.js'
import { guardRedis } from './guard-redis.js'

/** Whose a session is, as Redis says now. */
export interface SessionOwners {
  /** The session's user id, or `undefined` when the session is gone. @throws UnavailableError when Redis cannot answer. */
  ownerOf(sessionId: string): Promise<string | undefined>
}

/**
 * Reads whose a session is: one `HGET <prefix>sess:<id> uid`. A session key exists exactly as long as the session
 * does (logout, revocation and expiry all delete it), so the answer is never stale; `undefined` when it is gone.
 */
export function createRedisSessionOwners(redis: Redis, prefix?: string): SessionOwners {
  const keys = sessionKeys(prefix)
  return {
    // An empty uid is no owner: it must never match a token whose `sub` is empty.
    ownerOf: (sessionId) => guardRedis(async () => (await redis.hget(keys.session(sessionId), SESSION_USER_FIELD)) || undefined),
  }
}

/**
 * Asks Redis whether a session lives and is the user's, in one round trip (`HGET` of its `uid`): a token naming one
 * user and another user's live session is refused (issue 11).
 * @throws UnavailableError when Redis cannot answer.
 */
export function createRedisSessionLiveness(redis: Redis, prefix?: string): SessionLiveness {
  const owners = createRedisSessionOwners(redis, prefix)
  return {
    isLive: async (sessionId, userId) => (await owners.ownerOf(sessionId)) === userId,
  }
}
