/** A host and port, as ioredis takes them for sentinels and cluster nodes. */
export interface RedisNodeAddress {
  host: string
  port: number
}

/** Where the sessions' Redis is (issue 15): one server, a Sentinel set, or a Cluster. */
export type RedisTarget =
  | { mode: 'single'; url: string }
  | { mode: 'sentinel'; sentinels: RedisNodeAddress[]; name: string }
  | { mode: 'cluster'; nodes: RedisNodeAddress[] }

/** A bad or conflicting REDIS_* variable; `variables` names the ones to fix. */
export class RedisTargetError extends Error {
  readonly variables: readonly string[]

  constructor(variables: readonly string[], message: string) {
    super(message)
    this.name = 'RedisTargetError'
    this.variables = variables
  }
}

const DEFAULT_URL = 'redis://127.0.0.1:6379'
const SENTINEL_SCHEME = 'redis-sentinel://'
const CLUSTER_SCHEME = 'redis-cluster://'

/**
 * Reads exactly one of REDIS_URL, REDIS_SENTINELS (with REDIS_SENTINEL_NAME) or REDIS_CLUSTER_NODES; none set means
 * the local default, `redis://127.0.0.1:6379`.
 * @throws RedisTargetError naming the variables when more than one is set, a list is malformed, or
 * REDIS_SENTINEL_NAME is missing or set without REDIS_SENTINELS.
 * @example readRedisTarget({ REDIS_SENTINELS: '10.0.0.1:26379,10.0.0.2:26379', REDIS_SENTINEL_NAME: 'authpair' })
 */
export function readRedisTarget(env: Readonly<Record<string, string | undefined>>): RedisTarget {
  const set = (name: string): string | undefined => (env[name] === undefined || env[name] === '' ? undefined : env[name])
  const chosen = ['REDIS_URL', 'REDIS_SENTINELS', 'REDIS_CLUSTER_NODES'].filter((name) => set(name) !== undefined)
  if (chosen.length > 1) {
    throw new RedisTargetError(chosen, `Set only one of REDIS_URL, REDIS_SENTINELS or REDIS_CLUSTER_NODES; ${chosen.join(' and ')} are all set`)
  }
  const name = set('REDIS_SENTINEL_NAME')
  const sentinels = set('REDIS_SENTINELS')
  if (sentinels !== undefined) {
    if (name === undefined) throw new RedisTargetError(['REDIS_SENTINEL_NAME'], 'REDIS_SENTINELS needs REDIS_SENTINEL_NAME, the master name the sentinels monitor')
    return { mode: 'sentinel', sentinels: parseNodeList('REDIS_SENTINELS', sentinels), name }
  }
  if (name !== undefined) throw new RedisTargetError(['REDIS_SENTINEL_NAME'], 'REDIS_SENTINEL_NAME is set but REDIS_SENTINELS is not')
  const nodes = set('REDIS_CLUSTER_NODES')
  if (nodes !== undefined) return { mode: 'cluster', nodes: parseNodeList('REDIS_CLUSTER_NODES', nodes) }
  return { mode: 'single', url: set('REDIS_URL') ?? DEFAULT_URL }
}

/**
 * The target as one string, for code that passes "the Redis URL" along: the URL itself for one server,
 * `redis-sentinel://h:p,h:p/name` or `redis-cluster://h:p,h:p` otherwise. `parseRedisAddress` reads it back.
 */
export function formatRedisAddress(target: RedisTarget): string {
  const list = (nodes: readonly RedisNodeAddress[]) => nodes.map(({ host, port }) => `${host.includes(':') ? `[${host}]` : host}:${port}`).join(',')
  if (target.mode === 'single') return target.url
  if (target.mode === 'sentinel') return `${SENTINEL_SCHEME}${list(target.sentinels)}/${encodeURIComponent(target.name)}`
  return `${CLUSTER_SCHEME}${list(target.nodes)}`
}

/** Reads what `formatRedisAddress` wrote; any other string is one server's URL. */
export function parseRedisAddress(address: string): RedisTarget {
  if (address.startsWith(SENTINEL_SCHEME)) {
    const rest = address.slice(SENTINEL_SCHEME.length)
    const slash = rest.lastIndexOf('/')
    return { mode: 'sentinel', sentinels: parseNodeList('REDIS_SENTINELS', rest.slice(0, slash)), name: decodeURIComponent(rest.slice(slash + 1)) }
  }
  if (address.startsWith(CLUSTER_SCHEME)) return { mode: 'cluster', nodes: parseNodeList('REDIS_CLUSTER_NODES', address.slice(CLUSTER_SCHEME.length)) }
  return { mode: 'single', url: address }
}

/** Whether the deployment has replicas to wait for (Sentinel, Cluster) or is one server. */
export function hasReplicas(target: RedisTarget): boolean {
  return target.mode !== 'single'
}

function parseNodeList(variable: string, text: string): RedisNodeAddress[] {
  const entries = text.split(',').map((entry) => entry.trim())
  return entries.map((entry) => {
    const match = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})$/.exec(entry)
    const port = Number(match?.[2])
    if (match?.[1] === undefined || port < 1 || port > 65535) {
      throw new RedisTargetError([variable], `${variable} must be host:port,host:port,...; ${JSON.stringify(entry)} is not a host:port`)
    }
    return { host: match[1].replace(/^\[|\]$/g, ''), port }
  })
}
