import { createHash } from 'node:crypto'
import type { Redis } from 'ioredis'
import { TooManyAttemptsError } from '@authpair/errors'
import { guardRedis } from '@authpair/stores'
import type { LoginThrottle } from '../domain/login-throttle.js'

export interface LoginThrottleLimits {
  maxPerAccount: number
  maxPerIp: number
  windowSeconds: number
}

// KEYS: account, ip. ARGV: max per account, max per ip, window (ms). Returns 0, or the ms to wait.
const RESERVE = `
if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[1]) then return math.max(redis.call('PTTL', KEYS[1]), 1) end
if tonumber(redis.call('GET', KEYS[2]) or '0') >= tonumber(ARGV[2]) then return math.max(redis.call('PTTL', KEYS[2]), 1) end
if redis.call('INCR', KEYS[1]) == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
if redis.call('INCR', KEYS[2]) == 1 then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
return 0
`

// KEYS: account, ip.
const SUCCEEDED = `
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 1
`

interface ThrottleCommands {
  reserveLoginAttempt(account: string, ip: string, maxAccount: string, maxIp: string, windowMs: string): Promise<number>
  loginSucceeded(account: string, ip: string): Promise<number>
}

/** The login throttle on Redis: fixed windows from the first attempt, one atomic script per step. */
export function createRedisLoginThrottle(redis: Redis, prefix: string, limits: LoginThrottleLimits): LoginThrottle {
  if (!('reserveLoginAttempt' in redis)) {
    redis.defineCommand('reserveLoginAttempt', { numberOfKeys: 2, lua: RESERVE })
    redis.defineCommand('loginSucceeded', { numberOfKeys: 2, lua: SUCCEEDED })
  }
  const client = redis as Redis & ThrottleCommands
  // Emails are hashed so key names hold no personal data.
  const accountKey = (email: string) => `${prefix}login:account:${createHash('sha256').update(email).digest('base64url')}`
  const ipKey = (ip: string) => `${prefix}login:ip:${ip}`
  const args = [String(limits.maxPerAccount), String(limits.maxPerIp), String(limits.windowSeconds * 1000)] as const

  return {
    reserve: async (email, ip) => {
      const waitMs = await guardRedis(() => client.reserveLoginAttempt(accountKey(email), ipKey(ip), ...args))
      if (waitMs > 0) throw new TooManyAttemptsError(waitMs / 1000)
    },
    succeeded: (email, ip) => guardRedis(async () => void (await client.loginSucceeded(accountKey(email), ipKey(ip)))),
  }
}
