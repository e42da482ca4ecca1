import { join } from 'node:path'
import { startRedisCluster, startRedisSentinel } from '@authpair/local-servers'

/** Which Redis deployment to run locally: one server, a Sentinel set or a Cluster (issue 15). */
export type RedisTopology = 'single' | 'sentinel' | 'cluster'

/** A started Sentinel set or Cluster, with the variables the services need to reach it. */
export interface StartedTopology {
  /** REDIS_SENTINELS + REDIS_SENTINEL_NAME, or REDIS_CLUSTER_NODES. */
  env: Record<string, string>
  /** How to show it: the addresses. */
  description: string
  stop(): Promise<void>
}

/**
 * REDIS_TOPOLOGY: unset or `single`, `sentinel`, `cluster`.
 * @throws Error naming the variable and the accepted values.
 */
export function readRedisTopology(env: NodeJS.ProcessEnv): RedisTopology {
  const value = env['REDIS_TOPOLOGY']
  if (value === undefined || value === '' || value === 'single') return 'single'
  if (value === 'sentinel' || value === 'cluster') return value
  throw new Error(`REDIS_TOPOLOGY must be single, sentinel or cluster, not ${JSON.stringify(value)}`)
}

/** Starts a Sentinel set or a Cluster with its data under `dataDir`, each server in a process group of its own. */
export async function startTopology(
  topology: Exclude<RedisTopology, 'single'>,
  dataDir: string,
  onLog?: (line: string) => void,
): Promise<StartedTopology> {
  const options = { dataDir: join(dataDir, topology), onLog, ownProcessGroup: true }
  if (topology === 'sentinel') {
    const set = await startRedisSentinel(options)
    return {
      env: { REDIS_SENTINELS: set.sentinelAddresses, REDIS_SENTINEL_NAME: set.name },
      description: `sentinels ${set.sentinelAddresses} (master name ${set.name})`,
      stop: () => set.stop(),
    }
  }
  const cluster = await startRedisCluster(options)
  const env = { REDIS_CLUSTER_NODES: cluster.nodeAddresses }
  return { env, description: `cluster ${cluster.nodeAddresses}`, stop: () => cluster.stop() }
}
