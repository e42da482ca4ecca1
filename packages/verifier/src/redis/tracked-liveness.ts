import { once } from 'node:events'
import { performance } from 'node:perf_hooks'
import { LRUCache } from 'lru-cache'
import { sessionKeys } from '@authpair/sessions'
import { closeRedisClient, createRedisClient, guardRedis } from '@authpair/stores'
import type { SessionLiveness } from '../core/session-liveness.js'
import { InvalidationLink } from './invalidation-link.js'

export type LookupAnswer = 'cache' | 'heartbeat' | 'redis' | 'redis_untrusted'

export interface TrackedLivenessOptions {
  /** The issuer's Redis. */
  url: string
  /** The issuer's REDIS_KEY_PREFIX. Default `authpair:`. */
  keyPrefix?: string
  /** Sessions remembered at most (LRU). Default 100,000 (a few MB). */
  maxEntries?: number
  /**
   * How far behind Redis a remembered answer may be. Default 0: exact, every remembered answer waits for a heartbeat
   * sent after the lookup began (one heartbeat serves every lookup waiting). More lets answers skip that wait while a
   * heartbeat that recent has been answered, and lets a revocation go unseen for that long.
   */
  maxStalenessMs?: number
  /**
   * Told how each lookup was answered: from memory (`cache`), from memory after waiting for a heartbeat
   * (`heartbeat`), from Redis for a session not in memory (`redis`), or from Redis because the link could not prove
   * the memory fresh (`redis_untrusted`).
   */
  onLookup?: (answer: LookupAnswer) => void
}

export interface TrackedLiveness extends SessionLiveness {
  /** True while invalidations flow (both connections up, tracking redirected); memory may answer only then. */
  readonly linked: boolean
  /** Resolves once its Redis connection is up (before that every lookup is refused as unavailable). */
  ready(timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

/**
 * Session liveness answered from memory, kept exact by Redis itself: server-assisted client-side caching
 * (`CLIENT TRACKING ... REDIRECT ... BCAST PREFIX <sessions>`) pushes every change to a session key to this verifier,
 * which drops that session from its cache before it can answer for it again.
 *
 * It answers from the cache only while it can prove the cache is fresh: heartbeats (PING) travel the same connection
 * as the invalidations, so once a heartbeat sent at time S is answered, every change Redis applied before it received
 * that heartbeat has been applied here too. A remembered answer is given only once a heartbeat sent no earlier than
 * `maxStalenessMs` before the lookup began has been answered; with the default 0, a heartbeat sent after it began,
 * so any revocation Redis applied before the lookup is seen, on any host. Sessions not in memory, and every lookup
 * while the link is down or a heartbeat fails, ask Redis (`EXISTS`); Redis unreachable means 503 (never a stale yes).
 */
export function trackedSessionLiveness(options: TrackedLivenessOptions): TrackedLiveness {
  const keys = sessionKeys(options.keyPrefix)
  const maxStalenessMs = options.maxStalenessMs ?? 0
  const cache = new LRUCache<string, boolean>({ max: options.maxEntries ?? 100_000 })
  const data = createRedisClient({ url: options.url, connectionName: 'verifier-data', lazyConnect: false })
  const link = new InvalidationLink({
    url: options.url,
    data,
    prefix: keys.sessionPrefix,
    onInvalidate: (sessionId) => (sessionId === undefined ? cache.clear() : cache.delete(sessionId)),
  })

  // A read may be remembered unless an invalidation for it, or a broken link, overtook it.
  async function ask(sessionId: string): Promise<boolean> {
    const read = link.beginRead(sessionId)
    try {
      const live = (await guardRedis(() => data.exists(keys.session(sessionId)))) === 1
      if (read.stillValid()) cache.set(sessionId, live)
      return live
    } finally {
      read.end()
    }
  }

  return {
    get linked() {
      return link.linked
    },
    async isLive(sessionId) {
      const asOf = performance.now()
      if (cache.get(sessionId) === undefined) {
        options.onLookup?.('redis')
        return ask(sessionId)
      }
      const fresh = link.freshWithin(maxStalenessMs, asOf)
      // Not proven fresh yet: one heartbeat, shared by every lookup waiting for it, costs less than an EXISTS each.
      if (fresh || (await link.untilFresh(maxStalenessMs, asOf))) {
        // Read again: an invalidation may have come in with the heartbeat.
        const cached = cache.get(sessionId)
        if (cached !== undefined) {
          options.onLookup?.(fresh ? 'cache' : 'heartbeat')
          return cached
        }
      }
      options.onLookup?.('redis_untrusted')
      return ask(sessionId)
    },
    async ready(timeoutMs = 5000) {
      if (data.status !== 'ready') await once(data, 'ready', { signal: AbortSignal.timeout(timeoutMs) })
    },
    async close() {
      await link.close()
      await closeRedisClient(data)
    },
  }
}
