import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { launchServer } from './managed-server.js'
import { pingRedis } from './pings.js'
import { prepare } from './prepare.js'
import { startRedisNode } from './start-redis.js'
import { askRedis as askNode } from './pings.js'
import { replicasInSync, waitFor } from './topology-wait.js'
import { stopAll, type TopologyOptions } from './topology.js'
import type { ServerHandle } from './types.js'

/** The master name the sentinels monitor, as REDIS_SENTINEL_NAME. */
export const SENTINEL_MASTER_NAME = 'authpair'
const READY_DEADLINE_MS = 30_000

/** A running Sentinel set: one primary, two replicas, three sentinels, all on 127.0.0.1. */
export interface SentinelTopology {
  readonly name: string
  /** The Redis servers, the first started as primary (a failover may have moved that role since). */
  readonly nodes: readonly ServerHandle[]
  readonly sentinels: readonly ServerHandle[]
  /** `127.0.0.1:PORT,...` of the sentinels, as REDIS_SENTINELS. */
  readonly sentinelAddresses: string
  /** The node the sentinels currently name as primary. */
  primary(): Promise<ServerHandle>
  /** Stops the sentinels first (so they start no failover), then the servers. Safe to call twice. */
  stop(): Promise<void>
}

/**
 * Starts one primary, two replicas and three sentinels (`redis-server <conf> --sentinel`, quorum 2, a primary
 * is down after 1 s) and resolves once both replicas are in sync and every sentinel sees the two others and
 * both replicas.
 * @throws Error naming what did not come up (everything started is stopped first).
 * @example const set = await startRedisSentinel({ dataDir: '.data/sentinel' }) // set.sentinelAddresses
 */
export async function startRedisSentinel(options: TopologyOptions): Promise<SentinelTopology> {
  const started: ServerHandle[] = []
  const sentinels: ServerHandle[] = []
  const common = { onLog: options.onLog, ownProcessGroup: options.ownProcessGroup }
  try {
    // DEBUG from loopback: the tests stall a replica with DEBUG SLEEP to see a revocation's WAIT time out.
    const debug = ['--enable-debug-command', 'local']
    const primary = await startRedisNode({ dataDir: join(options.dataDir, 'node-1'), ...common }, debug)
    started.push(primary)
    for (const index of [2, 3]) {
      const replica = await startRedisNode({ dataDir: join(options.dataDir, `node-${index}`), ...common }, [
        ...debug, '--replicaof', '127.0.0.1', String(primary.port),
      ])
      started.push(replica)
    }
    await waitFor('the replicas to sync', READY_DEADLINE_MS, () => replicasInSync(started.slice(1)))
    for (const index of [1, 2, 3]) {
      sentinels.push(await startSentinel(join(options.dataDir, `sentinel-${index}`), primary.port, common))
    }
    await waitFor('the sentinels to agree', READY_DEADLINE_MS, () => sentinelsAgree(sentinels))
  } catch (error) {
    await stopAll([...sentinels, ...started])
    throw error
  }
  let stopping: Promise<void> | undefined
  return {
    name: SENTINEL_MASTER_NAME,
    nodes: started,
    sentinels,
    sentinelAddresses: sentinels.map((sentinel) => `127.0.0.1:${sentinel.port}`).join(','),
    primary: async () => {
      const port = await currentPrimaryPort(sentinels)
      const node = started.find((candidate) => candidate.port === port)
      if (node === undefined) throw new Error(`The sentinels name 127.0.0.1:${port}, which is not one of this set's nodes`)
      return node
    },
    stop: () => (stopping ??= stopAll(sentinels).then(() => stopAll(started))),
  }
}

async function startSentinel(
  dataDir: string,
  primaryPort: number,
  common: Pick<TopologyOptions, 'onLog' | 'ownProcessGroup'>,
): Promise<ServerHandle> {
  const { dataDir: dir, port } = await prepare({ dataDir })
  const logFile = join(dir, 'sentinel.log')
  const configFile = join(dir, 'sentinel.conf')
  // Sentinel rewrites its configuration file as it learns the set, so each one gets its own, in its data directory.
  await writeFile(
    configFile,
    [
      `port ${port}`,
      'bind 127.0.0.1',
      `dir ${dir}`,
      `logfile ${logFile}`,
      `sentinel monitor ${SENTINEL_MASTER_NAME} 127.0.0.1 ${primaryPort} 2`,
      `sentinel down-after-milliseconds ${SENTINEL_MASTER_NAME} 1000`,
      `sentinel failover-timeout ${SENTINEL_MASTER_NAME} 10000`,
      `sentinel parallel-syncs ${SENTINEL_MASTER_NAME} 1`,
      '',
    ].join('\n'),
  )
  return launchServer({
    kind: 'redis-sentinel',
    url: `redis://127.0.0.1:${port}`,
    port,
    command: 'redis-server',
    args: [configFile, '--sentinel'],
    logFile,
    ping: () => pingRedis(port),
    ...common,
  })
}

async function sentinelsAgree(sentinels: readonly ServerHandle[]): Promise<boolean | string> {
  for (const sentinel of sentinels) {
    const reply = await askNode(sentinel.port, 'SENTINEL', ['MASTER', SENTINEL_MASTER_NAME])
    const fields = pairs(reply)
    const others = fields.get('num-other-sentinels')
    const replicas = fields.get('num-slaves')
    if (others !== String(sentinels.length - 1) || replicas !== '2') {
      return `sentinel 127.0.0.1:${sentinel.port} sees ${others} other sentinels and ${replicas} replicas`
    }
  }
  return true
}

async function currentPrimaryPort(sentinels: readonly ServerHandle[]): Promise<number> {
  let lastError: unknown
  for (const sentinel of sentinels) {
    if (sentinel.pid === undefined) continue
    try {
      const reply = await askNode(sentinel.port, 'SENTINEL', ['GET-MASTER-ADDR-BY-NAME', SENTINEL_MASTER_NAME])
      if (Array.isArray(reply) && reply.length === 2) return Number(reply[1])
    } catch (error) {
      lastError = error
    }
  }
  throw new Error('No sentinel named a primary', { cause: lastError })
}

// SENTINEL MASTER answers a flat list: field, value, field, value, ...
function pairs(reply: unknown): Map<string, string> {
  const fields = new Map<string, string>()
  if (!Array.isArray(reply)) return fields
  for (let index = 0; index + 1 < reply.length; index += 2) fields.set(String(reply[index]), String(reply[index + 1]))
  return fields
}
