import { randomBytes } from 'node:crypto'
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import { testStores } from '@authpair/test-support'
import {
  createRedisSessionStore,
  createRefreshToken,
  createSessionId,
  hashRefreshToken,
  sealSuccessor,
  type SessionStore,
} from '../src/index.js'

async function setup(t: Test) {
  const stores = testStores('sessions')
  const redis = new Redis(stores.redisUrl)
  t.teardown(async () => {
    await stores.cleanup()
    redis.disconnect()
  })
  return { redis, store: createRedisSessionStore(redis, stores.keyPrefix), prefix: stores.keyPrefix }
}

async function newSession(store: SessionStore, userId = 'u1', ttlMs = 60_000) {
  const id = createSessionId()
  const token = createRefreshToken(userId, id)
  const now = Date.now()
  await store.create({
    id, userId, createdAt: now, lastUsedAt: now, expiresAt: now + ttlMs,
    userAgent: 'ua', ip: '127.0.0.1', refreshTokenHash: hashRefreshToken(token),
  })
  return { id, token }
}

const successor = (id: string, userId = 'u1') => {
  const token = createRefreshToken(userId, id)
  return { token, next: { hash: hashRefreshToken(token), sealed: randomBytes(40).toString('base64url') } }
}

t.test('a session lives with a TTL equal to its remaining refresh lifetime', async (t) => {
  const { redis, store, prefix } = await setup(t)
  const { id } = await newSession(store, 'u1', 60_000)
  t.ok(await store.isLive(id, 'u1'))
  t.notOk(await store.isLive(id, 'u2'), "issue 11: live only for its own user")
  const ttl = await redis.pttl(`${prefix}live:{u1}:${id}`)
  t.ok(ttl > 55_000 && ttl <= 60_000, `ttl ${ttl}`)
  t.match(await store.get('u1', id), { id, userId: 'u1', userAgent: 'ua' })
})

t.test('concurrent rotations of one token: exactly one rotates, the rest get its successor', async (t) => {
  const { store } = await setup(t)
  const { id, token } = await newSession(store)
  const candidates = Array.from({ length: 20 }, () => successor(id))
  const results = await Promise.all(
    candidates.map((c) => store.rotate('u1', id, hashRefreshToken(token), c.next, Date.now(), 10_000)),
  )
  const rotated = results.filter((r) => r.outcome === 'rotated')
  t.equal(rotated.length, 1)
  const winner = candidates[results.findIndex((r) => r.outcome === 'rotated')]!
  for (const result of results.filter((r) => r.outcome !== 'rotated')) {
    t.same(result.outcome === 'grace' && result.sealedSuccessor, winner.next.sealed)
  }
})

t.test('reuse after the grace period deletes the session; unknown tokens change nothing', async (t) => {
  const { store } = await setup(t)
  const { id, token } = await newSession(store)
  const { next } = successor(id)
  const now = Date.now()
  t.equal((await store.rotate('u1', id, hashRefreshToken(token), next, now, 10_000)).outcome, 'rotated')
  const stranger = successor(id)
  t.equal((await store.rotate('u1', id, 'not-a-hash', stranger.next, now, 10_000)).outcome, 'unknown')
  t.ok(await store.isLive(id, 'u1'))
  t.match(await store.rotate('u1', id, hashRefreshToken(token), stranger.next, now + 10_001, 10_000), { outcome: 'reused', userId: 'u1' })
  t.notOk(await store.isLive(id, 'u1'))
  t.equal((await store.rotate('u1', id, next.hash, stranger.next, now, 10_000)).outcome, 'unknown')
})

t.test('revokeForUser ends every session but the one kept, at once', async (t) => {
  const { store } = await setup(t)
  const a = await newSession(store, 'u2')
  const b = await newSession(store, 'u2')
  const c = await newSession(store, 'u2')
  const other = await newSession(store, 'u3')
  t.equal(await store.revokeForUser('u2', b.id), 2)
  t.same(await Promise.all([a, b, c, other].map((s, i) => store.isLive(s.id, i < 3 ? 'u2' : 'u3'))), [false, true, false, true])
  t.same((await store.listForUser('u2')).map((s) => s.id), [b.id])
  t.equal(await store.revokeForUser('u2'), 1)
  t.same(await store.listForUser('u2'), [])
})

t.test('issuedRefreshToken knows current and retired tokens, not made-up ones', async (t) => {
  const { store } = await setup(t)
  const { id, token } = await newSession(store)
  const { token: second, next } = successor(id)
  await store.rotate('u1', id, hashRefreshToken(token), next, Date.now(), 10_000)
  t.ok(await store.issuedRefreshToken('u1', id, hashRefreshToken(token)))
  t.ok(await store.issuedRefreshToken('u1', id, hashRefreshToken(second)))
  t.notOk(await store.issuedRefreshToken('u1', id, hashRefreshToken(createRefreshToken('u1', id))))
})

t.test('issue 11: past the per-user cap, a new session ends the oldest ones in the same step', async (t) => {
  const { store } = await setup(t)
  const ids: string[] = []
  for (let i = 0; i < 4; i++) {
    const id = createSessionId()
    const now = Date.now() + i
    const ended = await store.create({
      id, userId: 'capped', createdAt: now, lastUsedAt: now, expiresAt: now + 60_000,
      userAgent: 'ua', ip: '127.0.0.1', refreshTokenHash: hashRefreshToken(createRefreshToken('capped', id)),
    }, 2)
    t.equal(ended, i < 2 ? 0 : 1, `session ${i + 1} ended ${i < 2 ? 'none' : 'the oldest'}`)
    ids.push(id)
  }
  t.same((await store.listForUser('capped')).map((s) => s.id), ids.slice(2), 'the two newest live')
  t.notOk(await store.isLive(ids[0]!, 'capped'))
})

t.test('a user version is forgotten, then only ever raised, on every live session of the user', async (t) => {
  const { store } = await setup(t)
  const create = async (userVersion: number) => {
    const id = createSessionId()
    const now = Date.now()
    await store.create({
      id, userId: 'versioned', createdAt: now, lastUsedAt: now, expiresAt: now + 60_000,
      userAgent: 'ua', ip: '127.0.0.1', refreshTokenHash: hashRefreshToken(createRefreshToken('versioned', id)), userVersion,
    })
    return id
  }
  const [a, b] = [await create(1), await create(1)]
  t.equal((await store.get('versioned', a))?.userVersion, 1)
  await store.forgetUserVersion('versioned')
  t.equal((await store.get('versioned', a))?.userVersion, undefined, 'forgotten: refreshes read the user from MongoDB')
  await store.setUserVersion('versioned', 3)
  await store.setUserVersion('versioned', 2)
  t.equal((await store.get('versioned', a))?.userVersion, 3, 'a change that finished late does not lower it')
  t.equal((await store.get('versioned', b))?.userVersion, 3)
  await store.revoke(b, 'versioned')
  await store.setUserVersion('versioned', 4)
  t.notOk(await store.isLive(b, 'versioned'), 'setting a version brings no ended session back')
})

t.test('issue 15: a token retired several rotations ago still ends the session', async (t) => {
  const { store } = await setup(t)
  const { id, token } = await newSession(store)
  let current = token
  const retired: string[] = []
  for (let round = 0; round < 4; round++) {
    const { token: next, next: successorOf } = successor(id)
    t.equal((await store.rotate('u1', id, hashRefreshToken(current), successorOf, Date.now(), 10_000)).outcome, 'rotated')
    retired.push(current)
    current = next
  }
  for (const old of retired) t.ok(await store.issuedRefreshToken('u1', id, hashRefreshToken(old)), 'known as issued')
  t.match(await store.rotate('u1', id, hashRefreshToken(retired[0]!), successor(id).next, Date.now(), 10_000), { outcome: 'reused', userId: 'u1' })
  t.notOk(await store.isLive(id, 'u1'))
})

t.test('issue 15: the refresh state is one field of the user hash, a long user agent intact after rotations', async (t) => {
  const { redis, store, prefix } = await setup(t)
  const id = createSessionId()
  let token = createRefreshToken('u1', id)
  const userAgent = `Mozilla/5.0 (X11; Linux x86_64) ${'é'.repeat(40)} Gecko/20100101 Firefox/128.0 ${'x'.repeat(120)}`
  const now = Date.now()
  await store.create({
    id, userId: 'u1', createdAt: now, lastUsedAt: now, expiresAt: now + 60_000,
    userAgent, ip: '2001:db8::1', refreshTokenHash: hashRefreshToken(token), userVersion: 3,
  })
  for (let round = 0; round < 3; round++) {
    const next = createRefreshToken('u1', id)
    const result = await store.rotate('u1', id, hashRefreshToken(token), { hash: hashRefreshToken(next), sealed: sealSuccessor(token, next) }, Date.now(), 10_000)
    t.match(result, { outcome: 'rotated', session: { userAgent, ip: '2001:db8::1', userVersion: 3 } })
    token = next
  }
  t.same((await redis.keys(`${prefix}*`)).sort(), [`${prefix}live:{u1}:${id}`, `${prefix}user:{u1}:sessions`], 'no key of its own')
  const state = await redis.hgetBuffer(`${prefix}user:{u1}:sessions`, id)
  t.equal(state?.length, 130 + Buffer.byteLength('2001:db8::1') + Buffer.byteLength(userAgent) + 2 * 32, 'raw digests: the two retired before the previous one')
  t.match(await store.get('u1', id), { userAgent, createdAt: now, expiresAt: now + 60_000 })
  t.equal(await store.get('u2', id), undefined, "another user's id names another key")
})
