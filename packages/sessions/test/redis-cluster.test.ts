// Issue 15: the session store's scripts run on a real Redis Cluster (three primaries, three replicas, started by
// packages/local-servers). Each user's keys share one slot, so the store works on a connection to the primary that
// owns it; a script touching another slot, or a key it did not declare, would fail with CROSSSLOT or a
// "non local key" error.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { Redis } from 'ioredis'
import calculateSlot from 'cluster-key-slot'
import { startRedisCluster } from '@authpair/local-servers'
import { sessionKeys } from '@authpair/verifier'
import { createRedisSessionStore, createRefreshToken, createSessionId, hashRefreshToken, sealSuccessor } from '../src/index.js'

const dir = await mkdtemp(join(tmpdir(), 'authpair-cluster-'))
const cluster = await startRedisCluster({ dataDir: dir })
t.teardown(async () => {
  await cluster.stop()
  await rm(dir, { recursive: true, force: true })
})

/** A connection to the primary that serves `slot`. */
async function primaryOf(slot: number): Promise<Redis> {
  const any = new Redis(cluster.nodes[0]!.url)
  try {
    const ranges = (await any.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][]
    const [, , [host, port]] = ranges.find(([from, to]) => slot >= from && slot <= to)!
    return new Redis({ host, port })
  } finally {
    any.disconnect()
  }
}

t.test('issue 15: every store operation of a user runs on one Cluster node', async (t) => {
  const prefix = 'authpair:'
  const keys = sessionKeys(prefix)
  for (const userId of ['65f0c0ffee0000000000beef', 'another-user']) {
    const redis = await primaryOf(calculateSlot(keys.userSessions(userId)))
    t.teardown(() => redis.disconnect())
    const store = createRedisSessionStore(redis, prefix)
    const now = Date.now()
    const sessions = []
    for (let index = 0; index < 3; index++) {
      const id = createSessionId()
      const token = createRefreshToken(userId, id)
      const ended = await store.create({
        id, userId, createdAt: now + index, lastUsedAt: now, expiresAt: now + 60_000,
        userAgent: 'ua', ip: '127.0.0.1', refreshTokenHash: hashRefreshToken(token), userVersion: 1,
      }, 2)
      t.equal(ended, index < 2 ? 0 : 1, `${userId}: create ${index}`)
      sessions.push({ id, token })
    }
    const [, b, c] = sessions as [unknown, { id: string; token: string }, { id: string; token: string }]
    const next = createRefreshToken(userId, c.id)
    t.equal((await store.rotate(userId, c.id, hashRefreshToken(c.token), { hash: hashRefreshToken(next), sealed: sealSuccessor(c.token, next) }, now, 10_000)).outcome, 'rotated')
    t.ok(await store.issuedRefreshToken(userId, c.id, hashRefreshToken(c.token)))
    t.equal((await store.listForUser(userId)).length, 2)
    await store.forgetUserVersion(userId)
    await store.setUserVersion(userId, 2)
    t.equal((await store.get(userId, c.id))?.userVersion, 2)
    t.equal(await store.revokeForUser(userId, c.id), 1)
    t.notOk(await store.isLive(b.id, userId))
    t.ok(await store.revoke(c.id, userId))
    t.match(await store.rotate(userId, c.id, hashRefreshToken(next), { hash: hashRefreshToken(c.token), sealed: sealSuccessor(next, c.token) }, now, 10_000), { outcome: 'unknown' })
  }
})
