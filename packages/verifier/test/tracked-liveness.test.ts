// Issue 6: session liveness answered from memory must stay exact. These run on a private Redis, so the test may cut
// the invalidation link and stop the server without disturbing other test files.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import { UnavailableError } from '../src/index.js'
import { startRedis, type ServerHandle } from '@authpair/local-servers'
import { trackedSessionLiveness, writeKeyLayout, type LookupAnswer, type TrackedLiveness } from '../src/redis/index.js'

type Answer = LookupAnswer

const dir = await mkdtemp(join(tmpdir(), 'authpair-tracked-'))
const redis: ServerHandle = await startRedis({ dataDir: dir })
const admin = new Redis(redis.url, { maxRetriesPerRequest: 1 })
t.teardown(async () => {
  admin.disconnect()
  await redis.stop()
  await rm(dir, { recursive: true, force: true })
})

let nextPrefix = 0
async function startLiveness(t: Test, maxStalenessMs?: number): Promise<{ liveness: TrackedLiveness; answers: Answer[]; key: (sid: string, uid?: string) => string }> {
  const keyPrefix = `tracked${nextPrefix++}:`
  const answers: Answer[] = []
  const liveness = trackedSessionLiveness({ url: redis.url, keyPrefix, maxStalenessMs, onLookup: (answer) => answers.push(answer) })
  t.teardown(() => liveness.close())
  await writeKeyLayout(admin, keyPrefix)
  await liveness.ready()
  return { liveness, answers, key: (sid, uid = 'u1') => `${keyPrefix}live:{${uid}}:${sid}` }
}

/** Asks until an answer comes from memory: the link is up and a heartbeat was answered moments ago. */
async function untilCached(liveness: TrackedLiveness, answers: Answer[], sid: string, userId = 'u1'): Promise<boolean> {
  for (let attempt = 0; attempt < 500; attempt++) {
    await liveness.isLive(sid, userId)
    if (answers.at(-1) === 'cache' || answers.at(-1) === 'heartbeat') return true
    await sleep(1)
  }
  return false
}

async function until(check: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (!check() && Date.now() < deadline) await sleep(5)
  return check()
}

t.test('a session answered from memory is refused on the very next call after its liveness marker is deleted', async (t) => {
  const { liveness, answers, key } = await startLiveness(t)
  for (let round = 0; round < 25; round++) {
    const sid = `s${round}`
    await admin.set(key(sid), 'u1')
    t.ok(await untilCached(liveness, answers, sid), `round ${round}: answered from memory`)
    t.equal(await liveness.isLive(sid, 'u1'), true)
    await admin.del(key(sid))
    t.equal(await liveness.isLive(sid, 'u1'), false, `round ${round}: the deletion is seen at once (${answers.at(-1)})`)
  }
})

t.test('a lookup the last heartbeat does not cover waits for the next one, then answers from memory', async (t) => {
  const { liveness, answers, key } = await startLiveness(t, 1)
  await admin.set(key('w', 'u1'), 'u1')
  t.ok(await untilCached(liveness, answers, 'w'), 'the link is up')
  for (let round = 0; round < 10; round++) {
    await sleep(5)
    t.equal(await liveness.isLive('w', 'u1'), true)
    t.equal(answers.at(-1), 'heartbeat', `round ${round}: 5 ms after the last heartbeat, a new one was awaited`)
  }
  await admin.del(key('w'))
  await sleep(5)
  t.equal(await liveness.isLive('w', 'u1'), false, 'a deletion made before the awaited heartbeat is seen')
})

t.test('a remembered "no" is forgotten when the liveness marker appears', async (t) => {
  const { liveness, answers, key } = await startLiveness(t)
  t.equal(await liveness.isLive('later', 'u1'), false)
  t.ok(await untilCached(liveness, answers, 'later'), 'the absence is answered from memory')
  await admin.set(key('later', 'u1'), 'u1')
  t.equal(await liveness.isLive('later', 'u1'), true, 'the new key is seen at once')
})

t.test('issue 11: a session is live only for the user it belongs to, from Redis and from memory', async (t) => {
  const { liveness, answers, key } = await startLiveness(t)
  await admin.set(key('b', 'user-b'), 'user-b')
  t.equal(await liveness.isLive('b', 'user-a'), false, "user A with user B's session, asked of Redis")
  t.equal(answers.at(-1), 'redis')
  t.equal(await liveness.isLive('b', 'user-b'), true, 'user B with their own session')
  t.ok(await untilCached(liveness, answers, 'b', 'user-b'), 'remembered')
  // Issue 15: user A's marker for that id is another key, remembered as absent on its own.
  t.ok(await untilCached(liveness, answers, 'b', 'user-a'), "user A's (absent) marker remembered too")
  t.equal(await liveness.isLive('b', 'user-a'), false, "user A with user B's session, from memory")
  t.match(answers.at(-1), /^(cache|heartbeat)$/)
  t.equal(await liveness.isLive('nobody', ''), false, 'a remembered absence matches no user id, not even an empty one')
  t.ok(await untilCached(liveness, answers, 'nobody', ''))
  t.equal(await liveness.isLive('nobody', ''), false)
  await admin.set(key('unowned', ''), '')
  t.equal(await liveness.isLive('unowned', ''), false, 'an empty uid is no owner')

  // Issue 15: the marker's key names the user, and its value must name the same user too.
  await admin.set(key('c', 'user-a'), 'user-b')
  t.equal(await liveness.isLive('c', 'user-a'), false, "a marker under user A's key naming user B")
  t.ok(await untilCached(liveness, answers, 'c', 'user-a'), 'remembered')
  await admin.set(key('c', 'user-a'), 'user-a')
  t.equal(await liveness.isLive('c', 'user-a'), true, 'a changed value is seen at once')
})

t.test('with the invalidation link cut, Redis answers until the link is back, and nothing stale slips through', async (t) => {
  const { liveness, answers, key } = await startLiveness(t)
  await admin.set(key('a', 'u1'), 'u1')
  await admin.set(key('b', 'u1'), 'u1')
  t.ok(await untilCached(liveness, answers, 'a'), 'trusted before the cut')
  t.ok(await untilCached(liveness, answers, 'b'))

  await admin.client('KILL', 'TYPE', 'pubsub')
  t.ok(await until(() => !liveness.linked), 'the cut is noticed')
  await admin.del(key('a'))
  t.equal(await liveness.isLive('a', 'u1'), false, 'a revocation made while the link is down is seen')
  t.match(answers.at(-1), /^redis/, 'by asking Redis')

  t.ok(await until(() => liveness.linked), 'the link comes back by itself')
  t.ok(await untilCached(liveness, answers, 'b'), 'and memory answers again')
  await admin.del(key('b'))
  t.equal(await liveness.isLive('b', 'u1'), false, 'invalidations flow on the new link')
})

t.test('Redis stopped: the answer is UnavailableError, never true; after a restart it works by itself', async (t) => {
  const { liveness, answers, key } = await startLiveness(t)
  await admin.set(key('s', 'u1'), 'u1')
  t.ok(await untilCached(liveness, answers, 's'))

  await redis.stop()
  for (let attempt = 0; attempt < 5; attempt++) {
    await t.rejects(liveness.isLive('s', 'u1'), UnavailableError, `attempt ${attempt}: unavailable, not a cached yes`)
    await sleep(5)
  }

  await redis.restart()
  t.ok(await until(() => liveness.linked), 'trusted again')
  t.equal(await liveness.isLive('s', 'u1'), true, 'the session (kept by Redis) is live again')
})
