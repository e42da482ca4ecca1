// Issue 12, item 8: a verifier looking under the wrong prefix must say so, not refuse every token as revoked.
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { Redis } from 'ioredis'
import { testStores } from '@authpair/test-support'
import { KEY_LAYOUT_VERSION, sessionKeys } from '../src/index.js'
import { KeyLayoutError, checkKeyLayout, strictSessionLiveness, trackedSessionLiveness, writeKeyLayout } from '../src/redis/index.js'

const stores = testStores('keylayout')
const redis = new Redis(stores.redisUrl, { maxRetriesPerRequest: 1 })
t.teardown(async () => {
  await stores.cleanup()
  redis.disconnect()
})

let next = 0
const freshPrefix = () => `${stores.keyPrefix}p${next++}:`

t.test('no marker under the prefix: KeyLayoutError naming REDIS_KEY_PREFIX, after the wait', async (t) => {
  const keyPrefix = freshPrefix()
  const error = await checkKeyLayout(redis, { keyPrefix, waitMs: 300 }).catch((e: unknown) => e)
  t.ok(error instanceof KeyLayoutError)
  t.match((error as Error).message, /REDIS_KEY_PREFIX/)
  t.match((error as Error).message, new RegExp(`"${keyPrefix}layout" is missing`))
})

t.test('the issuer marker found: resolves, also when it is written while the check waits', async (t) => {
  const keyPrefix = freshPrefix()
  const checking = checkKeyLayout(redis, { keyPrefix, waitMs: 5000 })
  await sleep(300)
  await writeKeyLayout(redis, keyPrefix)
  await checking
  t.equal(await redis.get(sessionKeys(keyPrefix).layout), KEY_LAYOUT_VERSION)
  await t.resolves(checkKeyLayout(redis, { keyPrefix, waitMs: 0 }))
})

t.test('a marker of another layout version is refused at once', async (t) => {
  const keyPrefix = freshPrefix()
  await redis.set(sessionKeys(keyPrefix).layout, '999')
  const error = await checkKeyLayout(redis, { keyPrefix, waitMs: 5000 }).catch((e: unknown) => e)
  t.ok(error instanceof KeyLayoutError)
  t.match((error as Error).message, /layout 999/)
})

t.test('issue 15: layout 2 is the version written, and an issuer of layout 1 is refused (a cut-over, not a mix)', async (t) => {
  t.equal(KEY_LAYOUT_VERSION, '2')
  const keyPrefix = freshPrefix()
  await redis.set(sessionKeys(keyPrefix).layout, '1')
  const error = await checkKeyLayout(redis, { keyPrefix, waitMs: 5000 }).catch((e: unknown) => e)
  t.ok(error instanceof KeyLayoutError)
  t.match((error as Error).message, /uses key layout 1; this verifier reads layout 2/)
})

t.test('strict and tracked ready() refuse a prefix no issuer writes under', async (t) => {
  const keyPrefix = freshPrefix()
  const strict = strictSessionLiveness({ url: stores.redisUrl, keyPrefix, layoutWaitMs: 200 })
  const tracked = trackedSessionLiveness({ url: stores.redisUrl, keyPrefix, layoutWaitMs: 200 })
  t.teardown(async () => {
    await strict.close()
    await tracked.close()
  })
  await t.rejects(strict.ready(), KeyLayoutError)
  await t.rejects(tracked.ready(), KeyLayoutError)
  await writeKeyLayout(redis, keyPrefix)
  await t.resolves(strict.ready())
  await t.resolves(tracked.ready())
})
