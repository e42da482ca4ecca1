// Issue 15 (memory): a session's refresh state is one binary field of its user's hash. What another shape meets:
// the index's '1' of the layout before (with its `sess:` hash), or a damaged value: never misread, never a crash,
// and the session ends, marker included. States that expired leave the hash at the user's next login.
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import { testStores } from '@authpair/test-support'
import { createRedisSessionStore, createRefreshToken, createSessionId, hashRefreshToken, sealSuccessor } from '../src/index.js'

async function setup(t: Test) {
  const stores = testStores('state')
  const redis = new Redis(stores.redisUrl)
  t.teardown(async () => {
    await stores.cleanup()
    redis.disconnect()
  })
  const prefix = stores.keyPrefix
  const userKey = (userId: string) => `${prefix}user:{${userId}}:sessions`
  return { redis, store: createRedisSessionStore(redis, prefix), prefix, userKey }
}

/** A session as the store wrote it before the state moved into the user's hash (or with `value` as its field). */
async function writeOld(redis: Redis, prefix: string, userId: string, value: string | Buffer = '1') {
  const id = createSessionId()
  const token = createRefreshToken(userId, id)
  await redis.set(`${prefix}live:{${userId}}:${id}`, userId, 'PX', 60_000)
  await redis.hset(`${prefix}sess:{${userId}}:${id}`, 'c', Date.now(), 'rt', hashRefreshToken(token), 'i', '127.0.0.1', 'a', 'ua')
  await redis.pexpire(`${prefix}sess:{${userId}}:${id}`, 60_000)
  await redis.hset(`${prefix}user:{${userId}}:sessions`, id, value)
  return { id, token }
}

function successorOf(userId: string, id: string, token: string) {
  const next = createRefreshToken(userId, id)
  return { hash: hashRefreshToken(next), sealed: sealSuccessor(token, next) }
}

t.test('a session of the old shape is unknown to every read and ends at its refresh', async (t) => {
  const { redis, store, prefix, userKey } = await setup(t)
  const { id, token } = await writeOld(redis, prefix, 'old')
  t.equal(await store.get('old', id), undefined)
  t.notOk(await store.issuedRefreshToken('old', id, hashRefreshToken(token)))
  await store.forgetUserVersion('old')
  await store.setUserVersion('old', 5)
  t.equal(await redis.hget(userKey('old'), id), '1', 'a user change leaves it as it was')
  t.same(await store.rotate('old', id, hashRefreshToken(token), successorOf('old', id, token), Date.now(), 10_000), { outcome: 'unknown' })
  t.notOk(await store.isLive(id, 'old'), 'its marker is gone')
  t.equal(await redis.hlen(userKey('old')), 0)
})

t.test('listing and logout-all end sessions of the old shape, marker included', async (t) => {
  const { redis, store, prefix, userKey } = await setup(t)
  const listed = await writeOld(redis, prefix, 'lister')
  t.same(await store.listForUser('lister'), [])
  t.notOk(await store.isLive(listed.id, 'lister'))
  t.equal(await redis.hlen(userKey('lister')), 0)
  const revoked = await writeOld(redis, prefix, 'leaver')
  t.equal(await store.revokeForUser('leaver'), 1)
  t.notOk(await store.isLive(revoked.id, 'leaver'))
})

t.test('a damaged state is no session: lengths past its end, or a tail that is not whole digests', async (t) => {
  const { redis, store, prefix } = await setup(t)
  const header = Buffer.alloc(130)
  header[0] = 0x03
  const tooLong = Buffer.from(header)
  tooLong.writeUInt16BE(10, 128)
  const ragged = Buffer.concat([header, Buffer.alloc(31)])
  for (const value of [tooLong, ragged, header.subarray(0, 129)]) {
    const { id, token } = await writeOld(redis, prefix, 'damaged', value)
    t.equal(await store.get('damaged', id), undefined)
    t.notOk(await store.issuedRefreshToken('damaged', id, hashRefreshToken(token)))
    t.same(await store.rotate('damaged', id, hashRefreshToken(token), successorOf('damaged', id, token), Date.now(), 10_000), { outcome: 'unknown' })
    t.notOk(await store.isLive(id, 'damaged'))
  }
  const { id } = await writeOld(redis, prefix, 'damaged', ragged)
  await store.setUserVersion('damaged', 2)
  t.same(await store.listForUser('damaged'), [])
  t.notOk(await store.isLive(id, 'damaged'))
})

t.test('a login drops the states that expired, without a cap', async (t) => {
  const { redis, store, userKey } = await setup(t)
  const create = async (ttlMs: number) => {
    const id = createSessionId()
    const now = Date.now()
    await store.create({
      id, userId: 'often', createdAt: now, lastUsedAt: now, expiresAt: now + ttlMs,
      userAgent: 'ua', ip: '127.0.0.1', refreshTokenHash: hashRefreshToken(createRefreshToken('often', id)),
    })
    return id
  }
  await create(30)
  const lasting = await create(60_000)
  await new Promise((resolve) => setTimeout(resolve, 60))
  const newest = await create(60_000)
  t.same((await redis.hkeys(userKey('often'))).sort(), [lasting, newest].sort())
})

t.test('a successor that is not a hash and a seal is a programming error, not a rotation', async (t) => {
  const { store } = await setup(t)
  const id = createSessionId()
  const token = createRefreshToken('u1', id)
  const now = Date.now()
  await store.create({ id, userId: 'u1', createdAt: now, lastUsedAt: now, expiresAt: now + 60_000, userAgent: 'ua', ip: '::1', refreshTokenHash: hashRefreshToken(token) })
  await t.rejects(store.rotate('u1', id, hashRefreshToken(token), { hash: 'x', sealed: 's' }, now, 10_000), TypeError)
  t.equal((await store.rotate('u1', id, hashRefreshToken(token), successorOf('u1', id, token), now, 10_000)).outcome, 'rotated')
})

t.test('on the Redis the project runs (hash-max-listpack-value 256) a user with rotated browser sessions keeps a compact hash', async (t) => {
  const { redis, store, userKey } = await setup(t)
  const userAgent = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'
  for (let index = 0; index < 2; index += 1) {
    const id = createSessionId()
    const token = createRefreshToken('compact', id)
    const now = Date.now()
    await store.create({ id, userId: 'compact', createdAt: now, lastUsedAt: now, expiresAt: now + 60_000, userAgent, ip: '203.0.113.7', refreshTokenHash: hashRefreshToken(token) })
    const rotated = await store.rotate('compact', id, hashRefreshToken(token), successorOf('compact', id, token), Date.now(), 10_000)
    t.equal(rotated.outcome, 'rotated')
  }
  // Redis's default of 64 bytes would make it a hashtable: about 80 B more a session (docs/SCALING.md).
  t.equal(await redis.object('ENCODING', userKey('compact')), 'listpack')
})
