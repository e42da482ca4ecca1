// Issue 12, item 8: the issuer marks its prefix, so a verifier on another prefix can tell a misconfiguration from
// a revocation.
import t from 'tap'
import { Redis } from 'ioredis'
import { KEY_LAYOUT_VERSION, sessionKeys } from '@authpair/verifier'
import { startIssuer } from './helpers.js'

t.test('an issuer writes the key-layout marker under REDIS_KEY_PREFIX at start', async (t) => {
  const { stores } = await startIssuer(t)
  const redis = new Redis(stores.redisUrl, { maxRetriesPerRequest: 1 })
  t.teardown(() => redis.disconnect())
  t.equal(await redis.get(sessionKeys(stores.keyPrefix).layout), KEY_LAYOUT_VERSION)
})
