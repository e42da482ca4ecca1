import { once } from 'node:events'
import { performance } from 'node:perf_hooks'
import { LRUCache } from 'lru-cache'
import { sessionKeys } from '../core/session-keys.js'
import { createRedisSessionOwners } from './session-owners.js'
import { checkKeyLayout } from './key-layout.js'
import { closeRedisClient, createClusterClient, createRedisClient, type RedisClient } from './redis-client.js'
import type { SessionLiveness } from '../core/session-liveness.js'
import { InvalidationLink, type TrackedRead } from './invalidation-link.js'
import { ClusterInvalidationLinks } from './cluster-invalidation-links.js'
import { parseRedisAddress } from './redis-target.js'

/** What memory holds for a session: its user id, or that there is no such session. */
const ABSENT = Symbol('absent')
type Owner = string | typeof ABSENT

export type LookupAnswer = 'cache' | 'heartbeat' | 'redis' | 'redis_untrusted'

export interface TrackedLivenessOptions {
  /** The issuer's Redis: one server's URL, or a Sentinel set's or a Cluster's address from `formatRedisAddress`. */
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
  /** How long `ready()` waits for the issuer's key-layout marker, in ms (see checkKeyLayout). Default 10 s. */
  layoutWaitMs?: number
  /**
   * On a Cluster, how often the slot map is fetched again (and the per-primary links reconciled with it), in ms.
   * Default 1000. Each node is also asked its role every second, and a MOVED reply refreshes the map at once.
   */
  clusterRefreshMs?: number
}

export interface TrackedLiveness extends SessionLiveness {
  /**
   * True while invalidations flow (both connections up, tracking redirected; on a Cluster, for every primary);
   * memory may answer only then.
   */
  readonly linked: boolean
  /**
   * Resolves once its Redis connection is up (before that every lookup is refused as unavailable) and the issuer's
   * key-layout marker is found under the prefix.
   * @throws KeyLayoutError naming REDIS_KEY_PREFIX when the marker is missing: a wrong prefix, not a revocation.
   */
  ready(timeoutMs?: number): Promise<void>
  close(): Promise<void>
}

/**
 * Session liveness answered from memory, kept exact by Redis itself: server-assisted client-side caching
 * (`CLIENT TRACKING ... REDIRECT ... BCAST PREFIX <prefix>live:`) pushes every change to a session's liveness marker
 * to this verifier, which drops that session from its cache before it can answer for it again. Only a session's start
 * and end touch the marker: a refresh rewrites other keys and pushes nothing (issue 15). What it remembers is the session's
 * user id (or its absence), so a session is live only for the user it belongs to (issue 11).
 *
 * It answers from the cache only while it can prove the cache is fresh: heartbeats (PING) travel the same connection
 * as the invalidations, so once a heartbeat sent at time S is answered, every change Redis applied before it received
 * that heartbeat has been applied here too. A remembered answer is given only once a heartbeat sent no earlier than
 * `maxStalenessMs` before the lookup began has been answered; with the default 0, a heartbeat sent after it began,
 * so any revocation Redis applied before the lookup is seen, on any host. Sessions not in memory, and every lookup
 * while the link is down or a heartbeat fails, ask Redis (`GET` of the marker); Redis unreachable means 503 (never
 * a stale yes).
 */
export function trackedSessionLiveness(options: TrackedLivenessOptions): TrackedLiveness {
  const keys = sessionKeys(options.keyPrefix)
  const maxStalenessMs = options.maxStalenessMs ?? 0
  const cache = new LRUCache<string, Owner>({ max: options.maxEntries ?? 100_000 })
  const onInvalidate = (suffix: string | undefined) => (suffix === undefined ? cache.clear() : cache.delete(suffix))
  const { data, link } = connect(options, keys.livePrefix, onInvalidate)
  const owners = createRedisSessionOwners(data, options.keyPrefix)

  // A read may be remembered unless an invalidation for it, or a broken link, overtook it.
  async function ask(userId: string, sessionId: string, entry: string): Promise<Owner> {
    const read = link.beginRead(entry)
    try {
      const owner = (await owners.ownerOf(userId, sessionId)) ?? ABSENT
      if (read.stillValid()) cache.set(entry, owner)
      return owner
    } finally {
      read.end()
    }
  }

  // The session's owner as of this lookup: from memory only once it is proven fresh, else from Redis.
  async function ownerOf(userId: string, sessionId: string): Promise<Owner> {
    const asOf = performance.now()
    // Remembered under the marker's key suffix, the very string an invalidation names.
    const entry = keys.liveSuffix(userId, sessionId)
    if (cache.get(entry) === undefined) {
      options.onLookup?.('redis')
      return ask(userId, sessionId, entry)
    }
    const fresh = link.freshWithin(maxStalenessMs, asOf)
    // Not proven fresh yet: one heartbeat, shared by every lookup waiting for it, costs less than a GET each.
    if (fresh || (await link.untilFresh(maxStalenessMs, asOf))) {
      // Read again: an invalidation may have come in with the heartbeat.
      const cached = cache.get(entry)
      if (cached !== undefined) {
        options.onLookup?.(fresh ? 'cache' : 'heartbeat')
        return cached
      }
    }
    options.onLookup?.('redis_untrusted')
    return ask(userId, sessionId, entry)
  }

  return {
    get linked() {
      return link.linked
    },
    // ABSENT never equals a user id, so a remembered "no such session" refuses every user.
    isLive: async (sessionId, userId) => (await ownerOf(userId, sessionId)) === userId,
    async ready(timeoutMs = 5000) {
      if (data.status !== 'ready') await once(data, 'ready', { signal: AbortSignal.timeout(timeoutMs) })
      await checkKeyLayout(data, { keyPrefix: options.keyPrefix, waitMs: options.layoutWaitMs })
    },
    async close() {
      await link.close()
      await closeRedisClient(data)
    },
  }
}

/** What proves the cache fresh: one server's (or Sentinel primary's) link, or a Cluster's set of links. */
interface FreshnessLink {
  readonly linked: boolean
  freshWithin(maxStalenessMs: number, asOf: number): boolean
  untilFresh(maxStalenessMs: number, asOf: number): Promise<boolean>
  beginRead(key: string): TrackedRead
  close(): Promise<void>
}

// One server: tracking on the reading connection itself. A Cluster: reads through the Cluster client, one link per
// primary on connections of their own (issue 15).
function connect(options: TrackedLivenessOptions, prefix: string, onInvalidate: (suffix: string | undefined) => void): { data: RedisClient; link: FreshnessLink } {
  if (parseRedisAddress(options.url).mode !== 'cluster') {
    // Through Sentinel: these connections never write, so no READONLY moves them off a stalled primary that comes
    // back after a failover still answering as one. Each leaves when a sentinel announces +switch-master.
    const overrides = { failoverDetector: true }
    const data = createRedisClient({ url: options.url, connectionName: 'verifier-data', lazyConnect: false, overrides })
    return { data, link: new InvalidationLink({ url: options.url, data, prefix, onInvalidate }) }
  }
  const cluster = createClusterClient({
    url: options.url,
    connectionName: 'verifier-data',
    lazyConnect: false,
    overrides: { slotsRefreshInterval: options.clusterRefreshMs ?? 1000 },
  })
  return { data: cluster, link: new ClusterInvalidationLinks({ cluster, prefix, onInvalidate }) }
}
