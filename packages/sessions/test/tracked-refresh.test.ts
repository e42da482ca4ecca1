// Issue 15: a refresh must reach no tracked verifier. Tracked verifiers track the liveness markers only
// (`BCAST PREFIX <prefix>live:`), and a rotation writes the refresh state, never the marker.
import t from 'tap'
import { Redis } from 'ioredis'
import { sessionKeys } from '@authpair/verifier'
import { trackedSessionLiveness, writeKeyLayout, type LookupAnswer } from '@authpair/verifier/redis'
import { testStores } from '@authpair/test-support'
import { createRedisSessionStore, createRefreshToken, createSessionId, hashRefreshToken, sealSuccessor } from '../src/index.js'

t.test('issue 15: refreshes push nothing to a tracked verifier; the logout pushes the marker', async (t) => {
  const stores = testStores('fanout')
  const keys = sessionKeys(stores.keyPrefix)
  const redis = new Redis(stores.redisUrl)
  // A tracking client exactly like a tracked verifier's, counting what Redis pushes to it.
  const events = new Redis(stores.redisUrl)
  const tracker = new Redis(stores.redisUrl)
  const answers: LookupAnswer[] = []
  const liveness = trackedSessionLiveness({ url: stores.redisUrl, keyPrefix: stores.keyPrefix, onLookup: (answer) => answers.push(answer) })
  t.teardown(async () => {
    await liveness.close()
    events.disconnect()
    tracker.disconnect()
    await stores.cleanup()
    redis.disconnect()
  })
  const pushed: string[] = []
  const eventsId = String(await events.client('ID'))
  await events.subscribe('__redis__:invalidate')
  events.on('message', (_channel: string, message: string | string[]) => pushed.push(...[message].flat()))
  await tracker.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', eventsId, 'BCAST', 'PREFIX', keys.livePrefix)
  // Redis answers a connection in order: after this PING's reply, every push sent before it has arrived.
  const drained = async () => void (await events.ping())

  const store = createRedisSessionStore(redis, stores.keyPrefix)
  await writeKeyLayout(redis, stores.keyPrefix)
  await liveness.ready()
  const userId = 'u-fanout'
  const sessionId = createSessionId()
  let token = createRefreshToken(userId, sessionId)
  const now = Date.now()
  await store.create({
    id: sessionId, userId, createdAt: now, lastUsedAt: now, expiresAt: now + 60_000,
    userAgent: 'ua', ip: '127.0.0.1', refreshTokenHash: hashRefreshToken(token),
  })
  await drained()
  t.same(pushed, [keys.live(userId, sessionId)], 'the login pushed its marker')
  pushed.length = 0

  for (let attempt = 0; attempt < 500 && !['cache', 'heartbeat'].includes(answers.at(-1) ?? ''); attempt++) {
    t.equal(await liveness.isLive(sessionId, userId), true)
  }
  for (let round = 0; round < 5; round++) {
    const next = createRefreshToken(userId, sessionId)
    const result = await store.rotate(userId, sessionId, hashRefreshToken(token), { hash: hashRefreshToken(next), sealed: sealSuccessor(token, next) }, Date.now(), 10_000)
    t.equal(result.outcome, 'rotated')
    token = next
    await drained()
    t.same(pushed, [], `refresh ${round}: no push`)
    t.equal(await liveness.isLive(sessionId, userId), true)
    t.match(answers.at(-1), /^(cache|heartbeat)$/, `refresh ${round}: the verifier still answers from memory`)
  }
  await store.forgetUserVersion(userId)
  await store.setUserVersion(userId, 7)
  await drained()
  t.same(pushed, [], 'a user change that keeps the session pushes nothing either')

  t.ok(await store.revoke(sessionId, userId))
  await drained()
  t.same(pushed, [keys.live(userId, sessionId)], 'the logout pushed the marker')
  t.equal(await liveness.isLive(sessionId, userId), false, 'and the verifier refuses at once')
})
