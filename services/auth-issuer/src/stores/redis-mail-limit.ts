import { createHash } from 'node:crypto'
import { TooManyAttemptsError } from '@authpair/errors'
import { guardRedis } from '@authpair/stores'
import type { RedisClient } from '@authpair/verifier/redis'

/**
 * Mail-sending requests per scope (`ip:...` or `email:...`) in a fixed window from the first, in Redis so every
 * issuer counts together. One MULTI: the count and its expiry are set together. Scopes are hashed into key names,
 * which so hold no addresses.
 */
export function createRedisMailLimit(redis: RedisClient, prefix: string, max: number, windowSeconds: number): (scope: string) => Promise<void> {
  return async (scope) => {
    const key = `${prefix}mail-limit:${createHash('sha256').update(scope).digest('base64url')}`
    const results = await guardRedis(() => redis.multi().incr(key).expire(key, windowSeconds, 'NX').pttl(key).exec())
    const count = Number(results?.[0]?.[1] ?? 0)
    const ttlMs = Number(results?.[2]?.[1] ?? windowSeconds * 1000)
    if (count > max) throw new TooManyAttemptsError(Math.max(1, Math.ceil(ttlMs / 1000)))
  }
}
