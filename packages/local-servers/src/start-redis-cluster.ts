import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { promisify } from 'node:util'
import { findFreePort, isPortFree } from './find-free-port.js'
import { launchServer } from './managed-server.js'
import { pingRedis } from './pings.js'
import { prepare } from './prepare.js'
import type { ServerHandle } from './types.js'

const run = promisify(execFile)

export interface RedisClusterOptions {
  /** One directory per node is made under it. */
  dataDir: string
  /** Default 3. */
  primaries?: number
  /** Default 1. */
  replicasPerPrimary?: number
}

export interface RedisCluster {
  /** Every node, primaries first as `redis-cli --cluster create` was given them. */
  readonly nodes: readonly ServerHandle[]
  /** `host:port` of every node, for a client's seed list (REDIS_CLUSTER_NODES). */
  readonly seeds: readonly string[]
  stop(): Promise<void>
}

// A node's cluster bus listens on its port + 10000: both must be free.
async function clusterPort(): Promise<number> {
  for (;;) {
    const port = await findFreePort()
    if (port + 10_000 <= 65_535 && (await isPortFree(port + 10_000))) return port
  }
}

async function clusterState(port: number): Promise<string> {
  const { stdout } = await run('redis-cli', ['-p', String(port), 'cluster', 'info'])
  return /cluster_state:(\w+)/.exec(stdout)?.[1] ?? 'unknown'
}

/**
 * Starts a Redis Cluster on 127.0.0.1 with Debian's `redis-server` and `redis-cli --cluster create` (issue 15):
 * by default three primaries and three replicas, no persistence. Resolves once every node says `cluster_state:ok`.
 * @throws Error when a node does not come up or the cluster is not ok within 30 s.
 */
export async function startRedisCluster(options: RedisClusterOptions): Promise<RedisCluster> {
  const count = (options.primaries ?? 3) * (1 + (options.replicasPerPrimary ?? 1))
  const nodes: ServerHandle[] = []
  const stop = async () => void (await Promise.all(nodes.map((node) => node.stop())))
  try {
    for (let index = 0; index < count; index++) {
      const { dataDir, port } = await prepare({ dataDir: join(options.dataDir, `node-${index}`), port: await clusterPort() })
      const logFile = join(dataDir, 'redis.log')
      nodes.push(await launchServer({
        kind: 'redis',
        url: `redis://127.0.0.1:${port}`,
        port,
        command: 'redis-server',
        args: [
          '--port', String(port), '--bind', '127.0.0.1', '--dir', dataDir, '--appendonly', 'no', '--save', '',
          '--daemonize', 'no', '--logfile', logFile, '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf',
          '--cluster-node-timeout', '2000',
        ],
        logFile,
        ping: () => pingRedis(port),
      }))
    }
    const seeds = nodes.map((node) => `127.0.0.1:${node.port}`)
    await run('redis-cli', ['--cluster', 'create', ...seeds, '--cluster-replicas', String(options.replicasPerPrimary ?? 1), '--cluster-yes'])
    const deadline = Date.now() + 30_000
    while ((await Promise.all(nodes.map((node) => clusterState(node.port)))).some((state) => state !== 'ok')) {
      if (Date.now() > deadline) throw new Error('the Redis Cluster did not reach cluster_state:ok within 30 s')
      await sleep(100)
    }
    return { nodes, seeds, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
