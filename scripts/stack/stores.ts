import { join } from 'node:path'
import { findFreePort, isPortFree, startMongo, startRedis } from '@authpair/local-servers'
import { readRedisTopology, startTopology } from './redis-topology.js'

/** A store the services use: one the stack started (with its handle) or one named by REDIS_URL / MONGO_URL. */
export interface Store {
  /** The URL the services get (for a Sentinel set or a Cluster: its addresses, for the banner). */
  url: string
  /** The variables the services get to reach it (REDIS_URL, or those of a Sentinel set or a Cluster). */
  env: Record<string, string>
  /** `redis`, `mongod` or `ferretdb`, `sentinel` or `cluster`, or the variable that named an external server. */
  kind: string
  handle?: { stop(): Promise<void> }
  dataDir?: string
}

/** The database the services use on a MongoDB server the stack started. */
const DATABASE = 'authpair'

/**
 * Starts Redis and MongoDB (each unless its URL variable is set), with data under `<root>/.data`, each in a process
 * group of its own: a Ctrl-C reaches the stack alone, which stops the stores after the services (issue 11, item 9).
 */
export async function startStores(root: string, env: NodeJS.ProcessEnv): Promise<{ redis: Store; mongo: Store }> {
  const [redis, mongo] = await Promise.allSettled([startRedisStore(root, env), startMongoStore(root, env)])
  if (redis.status === 'fulfilled' && mongo.status === 'fulfilled') return { redis: redis.value, mongo: mongo.value }
  await stopStores([redis, mongo].flatMap((result) => (result.status === 'fulfilled' ? [result.value] : [])))
  for (const result of [redis, mongo]) if (result.status === 'rejected') throw result.reason
  throw new Error('unreachable: one store failed to start')
}

async function startRedisStore(root: string, env: NodeJS.ProcessEnv): Promise<Store> {
  if (env['REDIS_URL']) return { url: env['REDIS_URL'], env: { REDIS_URL: env['REDIS_URL'] }, kind: 'REDIS_URL' }
  const topology = readRedisTopology(env)
  if (topology !== 'single') {
    // REDIS_TOPOLOGY=sentinel|cluster (issue 15): the services get REDIS_SENTINELS or REDIS_CLUSTER_NODES instead.
    const dataDir = join(root, '.data')
    const handle = await startTopology(topology, dataDir, logAs(`[${topology}]`))
    return { url: handle.description, env: handle.env, kind: topology, handle, dataDir: join(dataDir, topology) }
  }
  const dataDir = join(root, '.data', 'redis')
  const handle = await startRedis({ dataDir, port: await preferredPort(6380), onLog: logAs('[redis]'), ownProcessGroup: true })
  return { url: handle.url, env: { REDIS_URL: handle.url }, kind: handle.kind, handle, dataDir }
}

async function startMongoStore(root: string, env: NodeJS.ProcessEnv): Promise<Store> {
  if (env['MONGO_URL']) return { url: env['MONGO_URL'], env: { MONGO_URL: env['MONGO_URL'] }, kind: 'MONGO_URL' }
  const dataDir = join(root, '.data', 'mongo')
  const handle = await startMongo({ dataDir, port: await preferredPort(27018), onLog: logAs('[mongo]'), ownProcessGroup: true })
  return { url: `${handle.url}/${DATABASE}`, env: { MONGO_URL: `${handle.url}/${DATABASE}` }, kind: handle.kind, handle, dataDir }
}

// Fixed ports make the URLs stable from one run to the next; they sit next to the defaults (6379, 27017) so a
// system-wide server keeps its port.
async function preferredPort(port: number): Promise<number> {
  return (await isPortFree(port)) ? port : findFreePort()
}

function logAs(prefix: string): (line: string) => void {
  return (line) => process.stderr.write(`${prefix} ${line}\n`)
}

/** Stops the stores the stack started; external ones are left alone. */
export async function stopStores(stores: readonly Store[]): Promise<void> {
  await Promise.allSettled(stores.flatMap((store) => (store.handle === undefined ? [] : [store.handle.stop()])))
}
