import type { Redis } from 'ioredis'
import { guardRedis } from '@authpair/stores'
import { sessionKeys } from './keys.js'

/** The field of a session's hash that holds its user id (written at login by the session store). */
export const SESSION_USER_FIELD = 'uid'

/**
 * Reads whose a session is: one `HGET <prefix>sess:<id> uid`. A session key exists exactly as long as the session
 * does (logout, revocation and expiry all delete it), so the answer is never stale; `undefined` when it is gone.
 * @throws UnavailableError when Redis cannot answer.
 */
export function createRedisSessionOwners(redis: Redis, prefix?: string): { ownerOf(sessionId: string): Promise<string | undefined> } {
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
export function createRedisSessionLiveness(redis: Redis, prefix?: string): { isLive(sessionId: string, userId: string): Promise<boolean> } {
  const owners = createRedisSessionOwners(redis, prefix)
  return {
    isLive: async (sessionId, userId) => (await owners.ownerOf(sessionId)) === userId,
  }
}
