import { LRUCache } from 'lru-cache'
import type { SessionUserReader, UserRecord, UserRepository } from '../domain/ports.js'

export interface SessionUserCacheOptions {
  /**
   * How long a remembered user may be reused, in milliseconds; 0 reads MongoDB on every refresh. Changes made
   * through the issuer reach refreshes at once whatever this is (they raise the user's version); this bounds only
   * how long an edit made straight in MongoDB, which raises nothing, takes to be seen.
   */
  ttlMs: number
  /** Users remembered at most. */
  max: number
}

/**
 * Users behind live sessions, so a refresh need not read MongoDB each time. Keyed by user id and version (issue 11:
 * keyed by id alone, it signed roles an admin had just taken away): every write of a user raises its version and
 * records the new one on the user's sessions (withUserChange), so a session that asks for the version it was told
 * can only get that version's user, and a newer version is a miss that reads MongoDB. A user read whose version is
 * not the one asked for is returned but not remembered.
 */
export function createSessionUserCache(users: Pick<UserRepository, 'findById'>, options: SessionUserCacheOptions): SessionUserReader {
  if (options.ttlMs <= 0) return { find: (id) => users.findById(id) }
  const cache = new LRUCache<string, UserRecord>({ max: options.max, ttl: options.ttlMs })
  return {
    async find(id, version) {
      const key = `${id}:${version}`
      const cached = version === undefined ? undefined : cache.get(key)
      if (cached) return cached
      const user = await users.findById(id)
      if (user && user.version === version) cache.set(key, user)
      return user
    },
  }
}
