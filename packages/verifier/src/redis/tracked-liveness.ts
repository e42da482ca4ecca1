import { once } from 'node:events'
import { performance } from 'node:perf_hooks'
import { LRUCache } from 'lru-cache'
import { sessionKeys } from '@authpair/sessions'
import { closeRedisClient, createRedisClient, guardRedis } from '@authpair/stores'
import type { SessionLiveness } from '../core/session-liveness.js'
import { InvalidationLink } from './invalidation-link.js'

export interface TrackedLivenessOptions {
  /** The issuer's Redis. */
  url: string
  /** The issuer's REDIS_KEY_PREFIX. Default `authpair:`. */
  keyPrefix?: string
  /** Sessions remembered at most (LRU). Default 100,000 (a few MB). */
  maxEntries?: number
  /** The cache answers only while it is known to hold every revocation older than this. Default 10 ms. */
  maxStalenessMs?: number
  /** Told how each lookup was answered: from the cache, from Redis with the cache trusted, or from Redis without. */
  onLookup?: (answer: 'cache' | 'redis' | 'redis_untrusted') => void
}

export interface TrackedLiveness extends SessionLiveness {
  /** True while the cache may answer (the invalidation link is up and fresh). */
  readonly trusted: boolean
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
 * as the invalidations, so once a heartbeat sent at time S is answered, every revocation Redis applied before S has
 * been applied here too. The cache answers only if such an S lies within `maxStalenessMs` of now. Otherwise (link
 * down, reconnecting, or lagging) it asks Redis (`EXISTS`), and Redis unreachable means 503 (never a stale yes).
 */
export function trackedSessionLiveness(options: TrackedLivenessOptions): TrackedLiveness {
  const keys = sessionKeys(options.keyPrefix)
  const maxStalenessMs = options.maxStalenessMs ?? 10
  const cache = new LRUCache<string, boolean>({ max: options.maxEntries ?? 100_000 })
  const data = createRedisClient({ url: options.url, connectionName: 'verifier-data', lazyConnect: false })
  const link = new InvalidationLink({
    url: options.url,
    data,
    prefix: keys.sessionPrefix,
    onInvalidate: (sessionId) => (sessionId === undefined ? cache.clear() : cache.delete(sessionId)),
  })

  async function ask(sessionId: string, cacheable: boolean): Promise<boolean> {
    const read = link.beginRead(sessionId)
    try {
      const live = (await guardRedis(() => data.exists(keys.session(sessionId)))) === 1
      if (cacheable && read.stillValid()) cache.set(sessionId, live)
      return live
    } finally {
      read.end()
    }
  }

  return {
    get trusted() {
      return link.freshWithin(maxStalenessMs, performance.now())
    },
    async isLive(sessionId) {
      if (!link.freshWithin(maxStalenessMs, performance.now())) {
        options.onLookup?.('redis_untrusted')
        return ask(sessionId, false)
      }
      const cached = cache.get(sessionId)
      if (cached !== undefined) {
        options.onLookup?.('cache')
        return cached
      }
      options.onLookup?.('redis')
      return ask(sessionId, true)
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
