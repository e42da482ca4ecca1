import { StartupError } from '@authpair/errors'
import type { RedisClient } from '@authpair/verifier/redis'
import type { MongoClient } from 'mongodb'

/** A start-up failure that says which store, at which address, and what to do about it. */
export class StoreConnectError extends StartupError {
  constructor(store: string, variable: string, url: string, cause: unknown) {
    const reason = (cause instanceof Error ? cause.message.split('\n')[0] : String(cause))?.replace(/\.$/, '')
    super(
      `Cannot reach ${store} at ${redactUrl(url)} (${variable}): ${reason}. ` +
        `Start it (\`pnpm start\` runs one for you) or point ${variable} at a running server.`,
      { cause },
    )
    this.name = 'StoreConnectError'
  }
}

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '***'
    return parsed.toString()
  } catch {
    return '(unparseable URL)'
  }
}

/**
 * Connects a Redis client made by `createRedisClient` and checks it answers.
 * @throws StoreConnectError naming the variable to fix.
 */
export async function connectRedis(redis: RedisClient, url: string, variable = 'REDIS_URL'): Promise<void> {
  // ioredis rejects connect() with "Connection is closed"; the reason (ECONNREFUSED, auth) comes as an event.
  let firstError: unknown
  const remember = (error: unknown) => (firstError ??= error)
  redis.on('error', remember)
  try {
    await redis.connect()
    await redis.ping()
  } catch (error) {
    redis.disconnect()
    throw new StoreConnectError('Redis', variable, url, firstError ?? error)
  } finally {
    redis.off('error', remember)
  }
}

/**
 * Connects a MongoDB client and checks it answers.
 * @throws StoreConnectError naming the variable to fix.
 */
export async function connectMongo(mongo: MongoClient, url: string, variable = 'MONGO_URL'): Promise<void> {
  try {
    await mongo.connect()
    await mongo.db('admin').command({ ping: 1 })
  } catch (error) {
    await mongo.close().catch(() => undefined)
    throw new StoreConnectError('MongoDB', variable, url, error)
  }
}
