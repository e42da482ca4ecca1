import { LRUCache } from 'lru-cache'
import type { UserReader, UserRecord } from '../domain/ports.js'

export interface SessionUserCacheOptions {
  /** How long a user read from MongoDB is reused, in milliseconds; 0 reads every time. */
  ttlMs: number
  /** Users remembered at most. */
  max: number
}

/**
 * Users behind live sessions, remembered for a short while, so a refresh does not read MongoDB each time. Only
 * fields that no change can alter while the session lives are trusted from it: disabling a user or changing their
 * roles revokes their sessions in Redis first (see withSessionsRevoked), so a refresh of a stale entry finds its
 * session gone before it would sign anything.
 */
export function createSessionUserCache(users: UserReader, options: SessionUserCacheOptions): UserReader {
  if (options.ttlMs <= 0) return users
  const cache = new LRUCache<string, UserRecord>({ max: options.max, ttl: options.ttlMs })
  return {
    async findById(id) {
      const cached = cache.get(id)
      if (cached) return cached
      const user = await users.findById(id)
      if (user) cache.set(id, user)
      return user
    },
  }
}
