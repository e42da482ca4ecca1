import { randomBytes } from 'node:crypto'
import { Cluster, Redis } from 'ioredis'
import { MongoClient } from 'mongodb'

/** Where one test keeps its data: its own database and its own Redis key prefix on the shared servers. */
export interface TestStores {
  mongoUrl: string
  /** The harness's single Redis server, for tests that talk to Redis directly. */
  redisUrl: string
  /**
   * The services' Redis deployment, as their env takes it: `{ REDIS_URL }`, or `{ REDIS_CLUSTER_NODES }` when the
   * harness runs on a Cluster (`TEST_REDIS_CLUSTER_NODES`, issue 15).
   */
  redisEnv: Record<string, string>
  /** The same deployment as one address for the verifier package: a redis:// URL or `redis-cluster://h:p,...`. */
  redisAddress: string
  keyPrefix: string
  /** Drops the database and deletes the prefixed keys. */
  cleanup(): Promise<void>
}

function required(name: string): string {
  const value = process.env[name]
  if (!value) {
    throw new Error(`${name} is not set: run the tests with \`pnpm test\`, which starts Redis and MongoDB and sets it.`)
  }
  return value
}

/** Replaces the database path of a MongoDB URL. */
export function withDatabase(mongoUrl: string, database: string): string {
  const url = new URL(mongoUrl)
  url.pathname = `/${database}`
  return url.toString()
}

/**
 * A fresh, isolated place on the test servers (`TEST_MONGO_URL`, `TEST_REDIS_URL`, and `TEST_REDIS_CLUSTER_NODES`
 * when the services under test are to use a Cluster).
 */
export function testStores(label = 'test'): TestStores {
  const id = `${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`
  const mongoUrl = withDatabase(required('TEST_MONGO_URL'), `t_${id}`)
  const redisUrl = required('TEST_REDIS_URL')
  const clusterNodes = process.env.TEST_REDIS_CLUSTER_NODES || undefined
  const keyPrefix = `t:${id}:`
  return {
    mongoUrl,
    redisUrl,
    redisEnv: clusterNodes === undefined ? { REDIS_URL: redisUrl } : { REDIS_CLUSTER_NODES: clusterNodes },
    redisAddress: clusterNodes === undefined ? redisUrl : `redis-cluster://${clusterNodes}`,
    keyPrefix,
    async cleanup() {
      const mongo = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 2000 })
      try {
        await mongo.db().dropDatabase().catch(() => undefined)
        await deleteKeys(redisUrl, keyPrefix)
        if (clusterNodes !== undefined) await deleteClusterKeys(clusterNodes, keyPrefix)
      } finally {
        await mongo.close().catch(() => undefined)
      }
    },
  }
}

async function deleteKeys(redisUrl: string, keyPrefix: string): Promise<void> {
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 })
  try {
    await redis.connect().catch(() => undefined)
    const keys = await redis.keys(`${keyPrefix}*`).catch(() => [])
    if (keys.length > 0) await redis.del(...keys)
  } finally {
    redis.disconnect()
  }
}

// Keys of many slots: each primary is asked for its own, and each key is deleted on its own (no CROSSSLOT).
async function deleteClusterKeys(nodes: string, keyPrefix: string): Promise<void> {
  const startupNodes = nodes.split(',').map((node) => ({ host: node.slice(0, node.lastIndexOf(':')), port: Number(node.slice(node.lastIndexOf(':') + 1)) }))
  const cluster = new Cluster(startupNodes, { lazyConnect: true, redisOptions: { maxRetriesPerRequest: 1 } })
  try {
    await cluster.connect().catch(() => undefined)
    for (const primary of cluster.nodes('master')) {
      const keys = await primary.keys(`${keyPrefix}*`).catch(() => [])
      await Promise.all(keys.map((key) => cluster.del(key).catch(() => 0)))
    }
  } finally {
    cluster.disconnect()
  }
}
