import type { RedisClient } from '@authpair/verifier/redis'

/** The part of a pino logger this needs. */
export interface StoreLogger {
  info(object: object, message: string): void
  warn(object: object, message: string): void
}

/**
 * Logs a Redis client's connection changes once each (lost, back), instead of one line per reconnect attempt,
 * and keeps ioredis from printing unhandled error events.
 */
export function watchRedis(redis: RedisClient, log: StoreLogger, name = 'redis'): void {
  let down = false
  redis.on('error', (error: Error) => {
    if (down) return
    down = true
    log.warn({ store: name, reason: error.message }, 'redis connection lost; reconnecting')
  })
  redis.on('ready', () => {
    if (!down) return
    down = false
    log.info({ store: name }, 'redis connection back')
  })
}
