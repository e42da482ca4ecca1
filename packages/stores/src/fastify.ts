import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Db, MongoClient } from 'mongodb'
import { connectMongo, connectRedis } from './connect.js'
import { createMongoClient } from './mongo-client.js'
import { closeRedisClient, createDeploymentClient, parseRedisAddress, type RedisClient } from '@authpair/verifier/redis'
import { watchRedis } from './watch-redis.js'

export interface StoreClients {
  mongo: MongoClient
  /** The database the MongoDB URL names. */
  db: Db
  redis: RedisClient
}

declare module 'fastify' {
  interface FastifyInstance {
    stores: StoreClients
  }
}

export interface StoresPluginOptions {
  mongoUrl: string
  redisUrl: string
  /** Names our connections in `CLIENT LIST` and MongoDB's logs. */
  clientName: string
}

/**
 * Connects a service to MongoDB and Redis at start (failing with a message that names the variable to fix),
 * decorates `app.stores`, and closes both when the app closes.
 */
export const storesPlugin = fp<StoresPluginOptions>(
  async (app: FastifyInstance, options) => {
    // A Cluster address (REDIS_CLUSTER_NODES) gets an ioredis Cluster, anything else one connection (issue 15).
    const redis = createDeploymentClient(parseRedisAddress(options.redisUrl), { connectionName: options.clientName })
    const mongo = createMongoClient({ url: options.mongoUrl, appName: options.clientName })
    watchRedis(redis, app.log)
    await Promise.all([connectRedis(redis, options.redisUrl), connectMongo(mongo, options.mongoUrl)])
    app.decorate('stores', { mongo, db: mongo.db(), redis })
    app.addHook('onClose', async () => {
      await Promise.allSettled([closeRedisClient(redis), mongo.close()])
    })
  },
  { name: '@authpair/stores', fastify: '5.x' },
)

/** Readiness checks for both stores, for `healthRoutes`. */
export function storeReadinessChecks(stores: StoreClients): Record<string, () => Promise<unknown>> {
  return {
    mongodb: () => stores.db.command({ ping: 1 }),
    redis: () => stores.redis.ping(),
  }
}
