// Issue 15: a revocation during a slot migration. Once a user's keys have moved to the importing primary, the
// revocation script gets ASK from the slot's owner and runs on the importing primary; WAIT must count that primary's
// replicas, not only the owner's. With the importing primary's replica stopped (SIGSTOP), the revocation is a 503,
// never a success that a failover of the importing primary could undo; once the replica is back it succeeds.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { Redis } from 'ioredis'
import calculateSlot from 'cluster-key-slot'
import { startRedisCluster } from '@authpair/local-servers'
import { sessionKeys } from '@authpair/verifier'
import { closeRedisClient, createClusterClient, UnavailableError } from '@authpair/verifier/redis'
import { createRedisSessionStore, createRefreshToken, createSessionId, hashRefreshToken, withRevocationWait } from '../src/index.js'
import { slotNodesNamedBy } from '../src/cluster-nodes.js'

const PREFIX = 'migrating:'
const dir = await mkdtemp(join(tmpdir(), 'authpair-migration-'))
const cluster = await startRedisCluster({ dataDir: dir })
const client = createClusterClient({ url: `redis-cluster://${cluster.nodeAddresses}`, connectionName: 'test-store' })
const admins: Redis[] = []
t.teardown(async () => {
  for (const node of cluster.nodes) if (node.pid !== undefined) process.kill(node.pid, 'SIGCONT')
  for (const admin of admins) admin.disconnect()
  await closeRedisClient(client)
  await cluster.stop()
  await rm(dir, { recursive: true, force: true })
})
await client.connect()

function admin(port: number): Redis {
  const connection = new Redis({ host: '127.0.0.1', port })
  admins.push(connection)
  return connection
}

t.test('slotNodesNamedBy reads the serving node and a migration target from CLUSTER NODES', async (t) => {
  const reply = [
    'aaa 127.0.0.1:7001@17001 myself,master - 0 0 1 connected 0-100 [50->-bbb]',
    'bbb 127.0.0.1:7002@17002 master - 0 0 2 connected 101-200',
    'ccc 127.0.0.1:7003@17003 slave aaa 0 0 1 connected',
  ].join('\n')
  const addresses = (slot: number, text = reply) => slotNodesNamedBy(text, slot).map((node) => `${node.myself ? 'myself ' : ''}${node.addresses.join(' ')}`)
  t.same(addresses(50), ['myself 127.0.0.1:7001', '127.0.0.1:7002'], 'a migrating slot names its target too')
  t.same(addresses(10), ['myself 127.0.0.1:7001'])
  t.same(addresses(150), ['127.0.0.1:7002'], 'a slot the map thought was ours: its real owner')
  t.same(addresses(50, reply.replace('[50->-bbb]', '[50-<-bbb]')), ['myself 127.0.0.1:7001'], 'importing names nobody more')
  const announced = reply.replace('127.0.0.1:7002@17002', '10.0.0.2:6379@16379,redis-node-2')
  t.same(addresses(150, announced), ['10.0.0.2:6379 redis-node-2:6379'], 'an announced hostname is an address too')
})

t.test('issue 15: a revocation redirected by ASK waits for the importing primary\'s replica', async (t) => {
  const userId = '65f0c0ffee0000000000feed'
  const keys = sessionKeys(PREFIX)
  const slot = calculateSlot(keys.userSessions(userId))
  const ranges = (await admin(cluster.nodes[0]!.port).call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][]
  const owning = ranges.find(([from, to]) => slot >= from && slot <= to)!
  const importing = ranges.find((range) => range[2][1] !== owning[2][1])!
  const [from, to] = [admin(owning[2][1]), admin(importing[2][1])]
  const replicaPort = Number(/^slave0:.*port=(\d+)/m.exec(await to.info('replication'))?.[1])
  const importingReplica = cluster.nodes.find((node) => node.port === replicaPort)!

  const store = withRevocationWait(createRedisSessionStore(client, PREFIX), client, { replicas: 1, timeoutMs: 500, keyPrefix: PREFIX })
  const now = Date.now()
  const sessionIds = [createSessionId(), createSessionId()]
  for (const id of sessionIds) {
    const refreshTokenHash = hashRefreshToken(createRefreshToken(userId, id))
    await store.create({ id, userId, createdAt: now, lastUsedAt: now, expiresAt: now + 60_000, userAgent: 'ua', ip: '127.0.0.1', refreshTokenHash, userVersion: 1 })
  }

  // The slot half moved: every key of it on the importing primary, the slot still the owner's.
  await to.call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', String(await from.call('CLUSTER', 'MYID')))
  await from.call('CLUSTER', 'SETSLOT', slot, 'MIGRATING', String(await to.call('CLUSTER', 'MYID')))
  const moved = (await from.call('CLUSTER', 'GETKEYSINSLOT', slot, 100)) as string[]
  t.ok(moved.length > 0, `${moved.length} keys to move`)
  await from.call('MIGRATE', '127.0.0.1', importing[2][1], '', 0, 5000, 'KEYS', ...moved)
  t.equal(await to.call('CLUSTER', 'COUNTKEYSINSLOT', slot), moved.length, 'the keys are on the importing primary')

  process.kill(importingReplica.pid!, 'SIGSTOP')
  await t.rejects(store.revoke(sessionIds[0]!, userId), UnavailableError, 'not confirmed by the importing primary\'s replica: 503')
  process.kill(importingReplica.pid!, 'SIGCONT')
  t.equal(await store.isLive(sessionIds[0]!, userId), false, 'the revocation itself was applied')
  // Until the move ends, the importing primary refuses a script with keys it does not hold (TRYAGAIN): the retry
  // comes after it, as a client's would.
  for (const node of [to, from]) await node.call('CLUSTER', 'SETSLOT', slot, 'NODE', String(await to.call('CLUSTER', 'MYID')))
  let retried: boolean | undefined
  for (let attempt = 0; retried === undefined && attempt < 20; attempt += 1) retried = await store.revoke(sessionIds[0]!, userId).catch(() => undefined)
  t.equal(retried, false, 'retried once the replica is back: confirmed (already revoked)')
  t.equal(await store.revoke(sessionIds[1]!, userId), true, 'another revocation on the new owner is confirmed')
})
