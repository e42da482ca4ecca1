import { once } from 'node:events'
import { performance } from 'node:perf_hooks'
import { RecentCache } from '../core/recent-cache.js'
import { parseLiveSuffix, sessionKeys } from '../core/session-keys.js'
import { createRedisSessionOwners } from './session-owners.js'
import { checkKeyLayout } from './key-layout.js'
import { closeRedisClient, createClusterClient, createRedisClient, type RedisClient } from './redis-client.js'
import type { SessionLiveness } from '../core/session-liveness.js'
import { InvalidationLink, type LinkEvents, type TrackedRead } from './invalidation-link.js'
import { ClusterInvalidationLinks } from './cluster-invalidation-links.js'
import { parseRedisAddress } from './redis-target.js'

/** What memory holds for a session: its user id, or that there is no such session. */
const ABSENT = Symbol('absent')
type Owner = string | typeof ABSENT

/** What memory holds for a session id: the owner read for the token's user id, the other half of the marker's key. */
interface Remembered {
  readonly userId: string
  readonly owner: Owner
}

export type LookupAnswer = 'cache' | 'heartbeat' | 'redis' | 'redis_untrusted'

export interface TrackedLivenessOptions {
  /** The issuer's Redis: one server's URL, or a Sentinel set's or a Cluster's address from `formatRedisAddress`. */
  url: string
  /** The issuer's REDIS_KEY_PREFIX. Default `authpair:`. */
  keyPrefix?: string
  /** Sessions remembered at most (the most recently used). Default 100,000 (a few MB). */
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
  /** Told each heartbeat sent (one PING each; on a Cluster, one per primary): the Redis work this verifier adds. */
  onHeartbeat?: () => void
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
  // Keyed by session id: a remembered token hands over the same string on every request, whose hash V8 keeps, where
  // the marker's key would be built and hashed anew each time.
  const cache = new RecentCache<string, Remembered>(options.maxEntries ?? 100_000)
  const onInvalidate = (suffix: string | undefined) => {
    const session = suffix === undefined ? undefined : parseLiveSuffix(suffix)
    if (session === undefined) cache.clear()
    else cache.delete(session.sessionId)
  }
  const { data, link } = connect(options, { prefix: keys.livePrefix, onInvalidate, onHeartbeat: options.onHeartbeat })
  const owners = createRedisSessionOwners(data, options.keyPrefix)

  // A read may be remembered unless an invalidation for its marker, or a broken link, overtook it.
  async function liveInRedis(userId: string, sessionId: string): Promise<boolean> {
    const marker = keys.liveSuffix(userId, sessionId)
    const read = link.beginRead(marker)
    try {
      const owner = (await owners.ownerOf(userId, sessionId)) ?? ABSENT
      if (read.stillValid()) cache.set(sessionId, { userId, owner })
      return owner === userId
    } finally {
      read.end()
    }
  }

  // The owner memory holds for this user's session, if it holds one.
  function remembered(sessionId: string, userId: string): Owner | undefined {
    const entry = cache.get(sessionId)
    return entry?.userId === userId ? entry.owner : undefined
  }

  // Whether the session lives and is this user's, as of this lookup: from memory only once memory is proven fresh,
  // else from Redis. ABSENT never equals a user id, so a remembered "no such session" refuses every user. Promises
  // are chained, not awaited: this runs on every request, and each async layer cost it a promise of its own.
  function isLive(sessionId: string, userId: string): Promise<boolean> {
    const asOf = performance.now()
    const owner = remembered(sessionId, userId)
    if (owner === undefined) {
      options.onLookup?.('redis')
      return liveInRedis(userId, sessionId)
    }
    if (link.freshWithin(maxStalenessMs, asOf)) {
      options.onLookup?.('cache')
      return Promise.resolve(owner === userId)
    }
    // Not proven fresh yet: one heartbeat, shared by every lookup waiting for it, costs less than a GET each.
    return link.untilFresh(maxStalenessMs, asOf).then((fresh) => {
      // Read again: an invalidation may have come in with the heartbeat.
      const now = fresh ? remembered(sessionId, userId) : undefined
      if (now !== undefined) {
        options.onLookup?.('heartbeat')
        return now === userId
      }
      options.onLookup?.('redis_untrusted')
      return liveInRedis(userId, sessionId)
    })
  }

  return {
    get linked() {
      return link.linked
    },
    isLive,
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
function connect(options: TrackedLivenessOptions, events: LinkEvents): { data: RedisClient; link: FreshnessLink } {
  if (parseRedisAddress(options.url).mode !== 'cluster') {
    // Through Sentinel: these connections never write, so no READONLY moves them off a stalled primary that comes
    // back after a failover still answering as one. Each leaves when a sentinel announces +switch-master.
    const overrides = { failoverDetector: true }
    const data = createRedisClient({ url: options.url, connectionName: 'verifier-data', lazyConnect: false, overrides })
    return { data, link: new InvalidationLink({ url: options.url, data, ...events }) }
  }
  const cluster = createClusterClient({
    url: options.url,
    connectionName: 'verifier-data',
    lazyConnect: false,
    overrides: { slotsRefreshInterval: options.clusterRefreshMs ?? 1000 },
  })
  return { data: cluster, link: new ClusterInvalidationLinks({ cluster, ...events }) }
}
