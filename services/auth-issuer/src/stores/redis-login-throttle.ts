import { createHash, randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { RedisClient } from '@authpair/verifier/redis'
import { TooManyAttemptsError } from '@authpair/errors'
import { guardRedis } from '@authpair/stores'
import type { LoginThrottle, ThrottledAttempt } from '../domain/login-throttle.js'
import { withAttemptCommands } from './redis-attempt-scripts.js'

export interface LoginThrottleLimits {
  /** Failures per account (login and password change together). */
  maxPerAccount: number
  /** Failed logins per client IP. */
  maxPerIp: number
  /** Successful logins per client IP. */
  maxSuccessesPerIp: number
  /** The window of every count, from its first increment. */
  windowSeconds: number
  /** How long an attempt beyond a budget waits for the attempts in flight to settle before 429. */
  waitSeconds: number
  /** How long a reservation lives that its process never settles (it crashed): longer than any request. */
  leaseSeconds: number
}

/** A failure count and the set of attempts in flight against it. */
interface Budget {
  count: string
  inFlight: string
  limit: number
}

interface AttemptPlan {
  budgets: Budget[]
  /** Success counts that refuse once at their limit, and are incremented by a success. */
  ceilings: { key: string; limit: number }[]
  /** Failure counts a success clears. */
  clearedOnSuccess: string[]
}

// Waiting is polling with jittered backoff: it needs nothing more than the counts in Redis, so it holds across
// issuer instances, and a waiter learns of a settled attempt at most MAX_PAUSE_MS late.
const FIRST_PAUSE_MS = 10
const MAX_PAUSE_MS = 200

async function waitForRoom(tryReserve: () => Promise<number>, waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs
  for (let pause = FIRST_PAUSE_MS; ; pause = Math.min(pause * 2, MAX_PAUSE_MS)) {
    const answer = await tryReserve()
    if (answer === 0) return
    if (answer > 0) throw new TooManyAttemptsError(answer / 1000)
    const left = deadline - Date.now()
    // Still full when the wait ran out: the attempts in flight settle within about a second.
    if (left <= 0) throw new TooManyAttemptsError(1)
    await sleep(Math.min(left, pause * (0.5 + Math.random())))
  }
}

/** The login throttle on Redis: fixed windows from the first count, one atomic script per step. */
export function createRedisLoginThrottle(redis: RedisClient, prefix: string, limits: LoginThrottleLimits): LoginThrottle {
  const client = withAttemptCommands(redis)
  // Emails are hashed so key names hold no personal data. One script checks an account's and an IP's (or a
  // session's) budgets together, so on a Redis Cluster all throttle keys share the hash tag `{login}`: one slot,
  // or the script is refused with CROSSSLOT (issue 15). The counts are small; one primary serves them all.
  const tagged = `${prefix}{login}:`
  const accountKey = (email: string) => `${tagged}account:${createHash('sha256').update(email).digest('base64url')}`
  const ipKey = (ip: string) => `${tagged}ip:${ip}`
  const ipSuccessKey = (ip: string) => `${tagged}ip-successes:${ip}`
  const sessionKey = (sessionId: string) => `${tagged}password-check:session:${sessionId}`
  const budget = (count: string, limit: number): Budget => ({ count, inFlight: `${count}:in-flight`, limit })
  const windowMs = String(limits.windowSeconds * 1000)
  const leaseMs = String(limits.leaseSeconds * 1000)

  const reserve = async (plan: AttemptPlan): Promise<ThrottledAttempt> => {
    const id = randomBytes(12).toString('base64url')
    const keys = [...plan.budgets.flatMap((b) => [b.count, b.inFlight]), ...plan.ceilings.map((c) => c.key)]
    const limitArgs = [...plan.budgets, ...plan.ceilings].map((b) => String(b.limit))
    const args = [id, leaseMs, String(plan.budgets.length), ...limitArgs]
    await waitForRoom(() => guardRedis(() => client.reserveAttempt(keys.length, ...keys, ...args)), limits.waitSeconds * 1000)
    const sets = plan.budgets.map((b) => b.inFlight)
    const settle = (increments: string[], clears: string[]) => {
      const settleKeys = [...sets, ...increments, ...clears]
      const settleArgs = [id, windowMs, String(sets.length), String(increments.length)]
      return guardRedis(async () => void (await client.settleAttempt(settleKeys.length, ...settleKeys, ...settleArgs)))
    }
    return {
      succeeded: () => settle(plan.ceilings.map((c) => c.key), plan.clearedOnSuccess),
      failed: () => settle(plan.budgets.map((b) => b.count), []),
      release: () => settle([], []),
    }
  }

  return {
    reserve: (email, ip) =>
      reserve({
        budgets: [budget(accountKey(email), limits.maxPerAccount), budget(ipKey(ip), limits.maxPerIp)],
        ceilings: [{ key: ipSuccessKey(ip), limit: limits.maxSuccessesPerIp }],
        clearedOnSuccess: [accountKey(email)],
      }),
    // The session's budget is the account's size: it matters once the owner's own logins have cleared the account.
    reservePasswordCheck: (email, sessionId) =>
      reserve({
        budgets: [budget(accountKey(email), limits.maxPerAccount), budget(sessionKey(sessionId), limits.maxPerAccount)],
        ceilings: [],
        clearedOnSuccess: [accountKey(email), sessionKey(sessionId)],
      }),
    clearAccount: (email) => guardRedis(async () => void (await redis.del(accountKey(email)))),
  }
}
