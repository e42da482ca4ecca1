import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { MongoClient } from 'mongodb'

/** Where one test keeps its data: its own database and its own Redis key prefix on the shared servers. */
export interface TestStores {
  mongoUrl: string
  redisUrl: string
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

/** A fresh, isolated place on the test servers (`TEST_MONGO_URL`, `TEST_REDIS_URL`). */
export function testStores(label = 'test'): TestStores {
  const id = `${label.replace(/[^a-z0-9]/gi, '').slice(0, 20)}_${randomBytes(4).toString('hex')}`
  const mongoUrl = withDatabase(required('TEST_MONGO_URL'), `t_${id}`)
  const redisUrl = required('TEST_REDIS_URL')
  const keyPrefix = `t:${id}:`
  return {
    mongoUrl,
    redisUrl,
    keyPrefix,
    async cleanup() {
      const mongo = new MongoClient(mongoUrl, { serverSelectionTimeoutMS: 2000 })
      const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 })
      try {
        await mongo.db().dropDatabase().catch(() => undefined)
        await redis.connect().catch(() => undefined)
        const keys = await redis.keys(`${keyPrefix}*`).catch(() => [])
        if (keys.length > 0) await redis.del(...keys)
      } finally {
        await mongo.close().catch(() => undefined)
        redis.disconnect()
      }
    },
  }
}
