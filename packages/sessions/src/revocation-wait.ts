import type { RedisClient } from '@authpair/verifier/redis'
import { Cluster } from 'ioredis'
import { UnavailableError } from '@authpair/verifier/redis'
import { waitConnectionsFor } from './wait-connection.js'
import type { SessionStore } from './session-store.js'

export interface RevocationWaitOptions {
  /** Replicas that must have a revocation before it is answered (REDIS_REVOCATION_REPLICAS); 0 turns this off. */
  replicas: number
  /** How long to wait for them (REDIS_REVOCATION_WAIT), in milliseconds; kept under the client's command timeout. */
  timeoutMs: number
  /** The store's key prefix (REDIS_KEY_PREFIX): on a Cluster it locates the primary of the user's slot. */
  keyPrefix?: string
}

/**
 * The store with a `WAIT` after every revocation (issue 15): revoke, revokeForUser, forgetUserVersion (a password
 * change, a disable or a role change starts with it) and a rotation that detected reuse. Redis replicates
 * asynchronously, so a revocation the primary acknowledged but no replica has yet would be undone by a failover;
 * when fewer than `replicas` confirm within `timeoutMs`, the call fails as UnavailableError (503), never as a
 * success that could be undone. The write has then reached the primary: retrying the revocation is safe.
 *
 * WAIT counts the writes sent before it on the same connection: `redis` must be the client the store writes with.
 * On a Cluster the WAIT goes to the primary owning the user's slot and, while that slot moves, to the primary it
 * moves to as well (see waitConnectionsFor); each must have `replicas` confirm.
 */
export function withRevocationWait(store: SessionStore, redis: RedisClient, options: RevocationWaitOptions): SessionStore {
  if (options.replicas <= 0) return store
  // WAIT must answer (with the count so far) before the client's own command timeout cuts it off as an error.
  const nodeOptions = redis instanceof Cluster ? redis.options.redisOptions : redis.options
  const commandTimeoutMs = nodeOptions?.commandTimeout ?? Number.POSITIVE_INFINITY
  const waitMs = Math.max(1, Math.min(options.timeoutMs, commandTimeoutMs - 200))
  const confirmed = async <T>(userId: string, result: T): Promise<T> => {
    let acknowledged: number[]
    try {
      const connections = await waitConnectionsFor(redis, userId, options.keyPrefix)
      if (!connections) throw new UnavailableError('redis')
      acknowledged = await Promise.all(connections.map((connection) => connection.wait(options.replicas, waitMs)))
    } catch (error) {
      throw error instanceof UnavailableError ? error : new UnavailableError('redis', { cause: error })
    }
    if (acknowledged.some((count) => count < options.replicas)) throw new UnavailableError('redis')
    return result
  }
  return {
    ...store,
    revoke: async (sessionId, userId) => confirmed(userId, await store.revoke(sessionId, userId)),
    revokeForUser: async (userId, exceptSessionId) => confirmed(userId, await store.revokeForUser(userId, exceptSessionId)),
    forgetUserVersion: async (userId) => confirmed(userId, await store.forgetUserVersion(userId)),
    rotate: async (...args) => {
      const result = await store.rotate(...args)
      return result.outcome === 'reused' ? confirmed(args[0], result) : result
    },
  }
}
