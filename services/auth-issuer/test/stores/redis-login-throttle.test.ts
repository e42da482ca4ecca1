import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import { TooManyAttemptsError } from '@authpair/errors'
import { testStores } from '@authpair/test-support'
import { createRedisLoginThrottle, type LoginThrottleLimits } from '../../src/stores/redis-login-throttle.js'

const limits: LoginThrottleLimits = {
  maxPerAccount: 1,
  maxPerIp: 100,
  maxSuccessesPerIp: 1000,
  windowSeconds: 60,
  waitSeconds: 5,
  leaseSeconds: 1,
}

async function throttleOn(t: Test, overrides: Partial<LoginThrottleLimits> = {}) {
  const stores = testStores(t.name)
  const redis = new Redis(stores.redisUrl)
  t.teardown(async () => {
    await stores.cleanup()
    redis.disconnect()
  })
  return createRedisLoginThrottle(redis, stores.keyPrefix, { ...limits, ...overrides })
}

t.test('issue 11: a reservation its process never settled (it crashed) ends with its lease', async (t) => {
  const throttle = await throttleOn(t, { maxPerAccount: 2, leaseSeconds: 2, waitSeconds: 0 })
  await throttle.reserve('ada@example.com', '10.0.0.1') // leaked: never settled
  await sleep(1000)
  const held = await throttle.reserve('ada@example.com', '10.0.0.2')
  await sleep(1400)
  // The first lease has ended, the second has not: one budget place is free again.
  const next = await throttle.reserve('ada@example.com', '10.0.0.3').catch((error: unknown) => error)
  t.notOk(next instanceof TooManyAttemptsError, 'the leaked reservation no longer fills the budget')
  await held.succeeded()
})

t.test('a released reservation counts nothing; a failed one counts, and the account is refused with its window', async (t) => {
  const throttle = await throttleOn(t, { leaseSeconds: 60, waitSeconds: 0 })
  await (await throttle.reserve('ada@example.com', '10.0.0.1')).release()
  await (await throttle.reserve('ada@example.com', '10.0.0.1')).failed()
  const refused = await throttle.reserve('ada@example.com', '10.0.0.3').catch((error: unknown) => error)
  t.ok(refused instanceof TooManyAttemptsError)
  t.ok(refused instanceof TooManyAttemptsError && refused.retryAfterSeconds > 50, 'Retry-After is what is left of the window')
})

t.test('attempts beyond the budget are refused once the wait runs out while the one in flight holds', async (t) => {
  const throttle = await throttleOn(t, { leaseSeconds: 60, waitSeconds: 1 })
  await throttle.reserve('ada@example.com', '10.0.0.1')
  const refused = await throttle.reserve('ada@example.com', '10.0.0.1').catch((error: unknown) => error)
  t.ok(refused instanceof TooManyAttemptsError && refused.retryAfterSeconds === 1)
})
