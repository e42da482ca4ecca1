// Issue 15: Redis Cluster runs a script only when all its keys are in one hash slot, and refuses keys a script did
// not declare. Every key of a user carries the hash tag `{<user id>}`, and the scripts touch KEYS only.
import { createHash } from 'node:crypto'
import t from 'tap'
import { Redis } from 'ioredis'
import calculateSlot from 'cluster-key-slot'
import { testStores } from '@authpair/test-support'
import { createRedisSessionStore, createRefreshToken, createSessionId, hashRefreshToken, sealSuccessor, SESSION_SCRIPTS } from '../src/index.js'

const sha1 = (text: string): string => createHash('sha1').update(text).digest('hex')

t.test('no script builds a key: every key a redis.call names is one of KEYS', async (t) => {
  for (const [name, lua] of Object.entries(SESSION_SCRIPTS)) {
    const calls = [...lua.matchAll(/redis\.call\('(\w+)', ([^)]*)\)/g)]
    t.ok(calls.length > 0, `${name} calls Redis`)
    for (const [call = '', command = '', args = ''] of calls) {
      const keys = command === 'DEL' ? args.split(',').map((arg) => arg.trim()) : [args.split(',')[0]!.trim()]
      for (const key of keys) t.match(key, /^KEYS\[[^\]]+\]$/, `${name}: ${call}`)
    }
  }
})

t.test('every command and script of the session store touches one hash slot per user', async (t) => {
  const stores = testStores('slots')
  const redis = new Redis(stores.redisUrl)
  const watcher = new Redis(stores.redisUrl)
  const monitor = await watcher.monitor()
  t.teardown(async () => {
    monitor.disconnect()
    watcher.disconnect()
    await stores.cleanup()
    redis.disconnect()
  })
  const store = createRedisSessionStore(redis, stores.keyPrefix)
  const seen: string[][] = []
  const shas = new Set<string>()
  let done = false
  monitor.on('monitor', (_time: string, args: string[]) => {
    const [command = '', ...rest] = args
    if (/^echo$/i.test(command) && rest[0] === stores.keyPrefix) done = true
    else if (/^eval(sha)?$/i.test(command)) {
      // EVALSHA names a script by its SHA-1, EVAL by its text (as MONITOR escapes it).
      const script = Object.values(SESSION_SCRIPTS).find((lua) => lua.replaceAll('\n', '\\n') === rest[0])
      shas.add(script === undefined ? (rest[0] ?? '') : sha1(script))
      seen.push(rest.slice(2, 2 + Number(rest[1])))
    } else if (rest.some((arg) => arg.startsWith(stores.keyPrefix))) {
      seen.push(/^del$/i.test(command) ? rest : rest.slice(0, 1))
    }
  })

  const userId = '65f0c0ffee0000000000beef'
  const now = Date.now()
  const ids = Array.from({ length: 4 }, () => createSessionId())
  for (const [index, id] of ids.entries()) {
    const token = createRefreshToken(userId, id)
    await store.create({
      id, userId, createdAt: now + index, lastUsedAt: now, expiresAt: now + 60_000,
      userAgent: 'ua', ip: '127.0.0.1', refreshTokenHash: hashRefreshToken(token), userVersion: 1,
    }, 3)
    if (index === 3) {
      const next = createRefreshToken(userId, id)
      t.equal((await store.rotate(userId, id, hashRefreshToken(token), { hash: hashRefreshToken(next), sealed: sealSuccessor(token, next) }, now, 10_000)).outcome, 'rotated')
      t.ok(await store.issuedRefreshToken(userId, id, hashRefreshToken(token)))
    }
  }
  t.equal((await store.listForUser(userId)).length, 3, 'the cap ended the oldest')
  await store.forgetUserVersion(userId)
  await store.setUserVersion(userId, 2)
  t.ok(await store.revoke(ids[3]!, userId))
  t.equal(await store.revokeForUser(userId, ids[2]), 1)
  t.ok(await store.isLive(ids[2]!, userId))
  // MONITOR shows commands in the order Redis ran them: once this one is seen, every earlier one has been.
  await redis.echo(stores.keyPrefix)
  for (let wait = 0; wait < 200 && !done; wait++) await new Promise((resolve) => setTimeout(resolve, 10))
  t.ok(done, 'the monitor caught up')

  const expected = new Set(Object.values(SESSION_SCRIPTS).map(sha1))
  t.same([...expected].filter((sha) => !shas.has(sha)), [], 'every script ran')
  const userKeys = seen.flat().filter((key) => key.startsWith(stores.keyPrefix) && !key.endsWith('layout'))
  t.ok(userKeys.length > 30, `${userKeys.length} keys seen`)
  t.same(new Set(userKeys.map((key) => calculateSlot(key))).size, 1, 'all in one slot')
  for (const keys of seen.filter((some) => some.some((key) => key.startsWith(stores.keyPrefix)))) t.ok(keys.every((key) => key.includes(`{${userId}}`)), `tagged: ${keys.join(' ')}`)
})
