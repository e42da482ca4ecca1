import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { closeRedisClient, connectRedis, watchRedis } from '@authpair/stores'
import { createDeploymentClient, parseRedisAddress, type RedisClient } from '@authpair/verifier/redis'

declare module 'fastify' {
  interface FastifyInstance {
    /** The shared Redis (sessions): connected at start, closed with the app. */
    redis: RedisClient
  }
}

export interface RedisPluginOptions {
  url: string
  /** Names the connection in `CLIENT LIST`. */
  clientName: string
}

/**
 * Connects to Redis at start (failing with a message naming REDIS_URL), decorates `app.redis`, closes it on close.
 * The Redis half of @authpair/stores' storesPlugin: this service has no MongoDB.
 */
export const redisPlugin = fp<RedisPluginOptions>(
  async (app: FastifyInstance, options) => {
    const redis = createDeploymentClient(parseRedisAddress(options.url), { connectionName: options.clientName })
    watchRedis(redis, app.log)
    await connectRedis(redis, options.url)
    app.decorate<RedisClient>('redis', redis)
    app.addHook('onClose', () => closeRedisClient(redis))
  },
  { name: 'redis', fastify: '5.x' },
)
