import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { findFreePort } from './find-free-port.js'
import { startRedisNode } from './start-redis.js'
import { askRedis as askNode } from './pings.js'
import { parseInfo, replicasInSync, waitFor } from './topology-wait.js'
import { stopAll, type TopologyOptions } from './topology.js'
import type { ServerHandle } from './types.js'

const run = promisify(execFile)
const READY_DEADLINE_MS = 30_000
const NODE_COUNT = 6

/** A running Redis Cluster: three primaries and three replicas on 127.0.0.1. */
export interface ClusterTopology {
  readonly nodes: readonly ServerHandle[]
  /** `127.0.0.1:PORT,...` of every node, as REDIS_CLUSTER_NODES. */
  readonly nodeAddresses: string
  /** Stops every node. Safe to call twice. */
  stop(): Promise<void>
}

/**
 * Starts six `redis-server --cluster-enabled yes` nodes (node timeout 2 s, each with its own free bus port), joins
 * them with `redis-cli --cluster create ... --cluster-replicas 1 --cluster-yes`, and resolves once every node
 * reports `cluster_state:ok` and every replica has synced (so WAIT can count it from the first revocation on).
 * @throws Error with redis-cli's output or the last state seen (everything started is stopped first).
 * @example const cluster = await startRedisCluster({ dataDir: '.data/cluster' }) // cluster.nodeAddresses
 */
export async function startRedisCluster(options: TopologyOptions): Promise<ClusterTopology> {
  const nodes: ServerHandle[] = []
  try {
    for (let index = 1; index <= NODE_COUNT; index += 1) {
      const dataDir = join(options.dataDir, `node-${index}`)
      // The bus defaults to port + 10000, which may be taken or out of range: pick it too.
      const busPort = await findFreePort()
      nodes.push(
        await startRedisNode({ dataDir, onLog: options.onLog, ownProcessGroup: options.ownProcessGroup }, [
          '--cluster-enabled', 'yes',
          '--cluster-config-file', join(dataDir, 'nodes.conf'),
          '--cluster-node-timeout', '2000',
          '--cluster-port', String(busPort),
        ]),
      )
    }
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`)
    await createCluster(addresses)
    await waitFor('cluster_state:ok on every node', READY_DEADLINE_MS, () => clusterOk(nodes))
    await waitFor('the replicas to sync', READY_DEADLINE_MS, () => replicasInSync(nodes))
  } catch (error) {
    await stopAll(nodes)
    throw error
  }
  let stopping: Promise<void> | undefined
  return {
    nodes,
    nodeAddresses: nodes.map((node) => `127.0.0.1:${node.port}`).join(','),
    stop: () => (stopping ??= stopAll(nodes)),
  }
}

async function createCluster(addresses: readonly string[]): Promise<void> {
  const args = ['--cluster', 'create', ...addresses, '--cluster-replicas', '1', '--cluster-yes']
  try {
    await run('redis-cli', args, { timeout: READY_DEADLINE_MS })
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`redis-cli ${args.join(' ')} failed: ${error instanceof Error ? error.message : String(error)}\n${stdout}${stderr}`, { cause: error })
  }
}

async function clusterOk(nodes: readonly ServerHandle[]): Promise<boolean | string> {
  for (const node of nodes) {
    const info = parseInfo(String(await askNode(node.port, 'CLUSTER', ['INFO'])))
    if (info.get('cluster_state') !== 'ok') return `127.0.0.1:${node.port} has cluster_state ${info.get('cluster_state')}`
    if (info.get('cluster_known_nodes') !== String(nodes.length)) return `127.0.0.1:${node.port} knows ${info.get('cluster_known_nodes')} nodes`
    // A node may still see a replica as a primary for a moment after `--cluster create` returns.
    const replicas = String(await askNode(node.port, 'CLUSTER', ['NODES'])).split('\n').filter((line) => /^\S+ \S+ \S*slave/.test(line))
    if (replicas.length !== nodes.length / 2) return `127.0.0.1:${node.port} sees ${replicas.length} replicas`
  }
  return true
}
