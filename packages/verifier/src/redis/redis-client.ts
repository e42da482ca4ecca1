import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis'
import { formatRedisAddress, parseRedisAddress, type RedisTarget } from './redis-target.js'

/** A client of any deployment: ioredis's `Cluster` is a different class from `Redis` (issue 15). */
export type RedisClient = Redis | Cluster

export interface RedisClientOptions {
  /** One server's URL, or a Sentinel set's address from `formatRedisAddress` (a Cluster: `createClusterClient`). */
  url: string
  /** Shown in `CLIENT LIST`, to tell our connections apart. */
  connectionName: string
  /** How long one command may wait for its reply before it fails (and the request answers 503). */
  commandTimeoutMs?: number
  /** Connect only on `connect()` (services do, to fail start-up plainly); default true. */
  lazyConnect?: boolean
  /** Told about connection errors (Redis down, a reconnect failing); default: nothing, see createRedisClient. */
  onError?: (error: Error) => void
  /** Anything else ioredis takes, for special-purpose connections (a subscriber, say). */
  overrides?: RedisOptions
}

/**
 * A Redis client for the request path. It fails fast instead of queueing: with Redis down, commands reject at once
 * (no offline queue) or after `commandTimeoutMs`, so a request answers 503 rather than hanging; and it reconnects
 * forever in the background with a capped backoff, so the service recovers by itself when Redis returns.
 */
export function createRedisClient(options: RedisClientOptions): Redis {
  const target = parseRedisAddress(options.url)
  if (target.mode === 'cluster') throw new Error('A Redis Cluster needs createClusterClient (or createDeploymentClient), not createRedisClient')
  const settings = { ...requestPathOptions(options), ...sentinelOptions(target), ...options.overrides }
  const client = target.mode === 'single' ? new Redis(target.url, settings) : new Redis(settings)
  // Without a listener ioredis prints every failed reconnect. A failure reaches callers anyway, as the
  // UnavailableError (503) of the command that needed Redis; `onError` is for whoever wants to log it too.
  client.on('error', options.onError ?? (() => undefined))
  return client
}

/**
 * A Cluster client with the same fail-fast settings on every node's connection. It follows MOVED and ASK
 * redirections itself, refreshes the slot map when a primary fails over, and keeps no offline queue, so a request
 * during a failover answers 503 instead of waiting.
 */
export function createClusterClient(options: Omit<RedisClientOptions, 'url' | 'overrides'> & { url: string; overrides?: ClusterOptions }): Cluster {
  const target = parseRedisAddress(options.url)
  if (target.mode !== 'cluster') throw new Error('createClusterClient needs a Cluster address (REDIS_CLUSTER_NODES)')
  const { retryStrategy, ...nodeOptions } = requestPathOptions(options)
  const client = new Cluster(target.nodes, {
    lazyConnect: options.lazyConnect ?? true,
    enableOfflineQueue: false,
    // Auto-pipelining batches by node and handles MOVED per batch: after a failover the moved slot's commands kept
    // failing with MOVED (ioredis issue #2075; seen in test/deploy/cluster-failover.test.ts). Off, each command
    // follows its own redirection.
    enableAutoPipelining: false,
    // Reconnect to the cluster forever, with the same capped backoff as one server.
    clusterRetryStrategy: (attempt) => retryStrategy(attempt),
    // A failover or a reshard: a few quick redirections before the command fails (and the request answers 503).
    maxRedirections: 8,
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 200,
    retryDelayOnTryAgain: 100,
    slotsRefreshTimeout: 2000,
    redisOptions: nodeOptions,
    ...options.overrides,
  })
  client.on('error', options.onError ?? (() => undefined))
  return client
}

/** The client for `target`: a `Cluster` for a Cluster, else a `Redis` (one server, or a Sentinel set's primary). */
export function createDeploymentClient(target: RedisTarget, options: Omit<RedisClientOptions, 'url' | 'overrides'>): RedisClient {
  const url = formatRedisAddress(target)
  return target.mode === 'cluster' ? createClusterClient({ ...options, url }) : createRedisClient({ ...options, url })
}

function requestPathOptions(options: Omit<RedisClientOptions, 'url'>): RedisOptions & { retryStrategy: (attempt: number) => number } {
  return {
    connectionName: options.connectionName,
    lazyConnect: options.lazyConnect ?? true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    connectTimeout: 2000,
    enableAutoPipelining: true,
    // Back off 50 ms, 100 ms, ... up to 1 s between reconnects, and never give up.
    retryStrategy: (attempt) => Math.min(attempt * 50, 1000),
    // A replica promoted under us answers READONLY: reconnect to find the writable one.
    reconnectOnError: (error) => error.message.startsWith('READONLY'),
  }
}

// Through the sentinels, always to the current primary: ioredis asks them again on every reconnect (and a demoted
// primary's READONLY makes it reconnect, see reconnectOnError).
function sentinelOptions(target: RedisTarget): RedisOptions {
  if (target.mode !== 'sentinel') return {}
  return {
    sentinels: target.sentinels,
    name: target.name,
    role: 'master',
    sentinelRetryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  }
}

/**
 * Ends a client for good. `quit()` alone is not enough: without an offline queue it is refused while the client
 * is still connecting, and the connection then opens anyway and keeps the process alive. After a `quit()`, a
 * Sentinel client's failover detector still holds its subscriptions to the sentinels: `disconnect()` ends them.
 */
export async function closeRedisClient(client: RedisClient): Promise<void> {
  if (client.status === 'ready') {
    const quit = await settlesWithin(client.quit(), QUIT_WAIT_MS)
    if (quit && client instanceof Cluster) return
  }
  client.disconnect()
}

// A QUIT is a courtesy: a server that died or stalled since the last command may never answer it, and a stop must
// not wait on it (a Cluster's quit waits for every node's).
const QUIT_WAIT_MS = 1000

/** True when `promise` fulfils within `ms`; false when it rejects or is still pending then. */
async function settlesWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms)
  })
  try {
    return await Promise.race([promise.then(() => true, () => false), timeout])
  } finally {
    clearTimeout(timer)
  }
}
