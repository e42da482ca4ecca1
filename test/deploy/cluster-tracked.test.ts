// Issue 15: tracked liveness on a real Redis Cluster (three primaries, three replicas): one invalidation link per
// primary, memory answering only while every link is up and has a heartbeat answered after the lookup began, and
// the link set following failovers and slot moves. Revocations are written by the real session store. The tests
// share one Cluster and change it (a slot moved, a manual failover, a primary killed), so they run in this order.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { startRedisCluster } from '@authpair/local-servers'
import { createClusterClient, closeRedisClient, writeKeyLayout } from '@authpair/verifier/redis'
import {
  PREFIX, createSession, hasTrackingLink, moveSlot, nodeClient, primaryPortOf, refreshSession, sessionStore, slotOf, startLiveness,
  until, rememberedSessions, untilCached, usersOnEachPrimary,
} from './cluster-tracked-helpers.js'
import { armLingerGuard } from './linger-guard.js'

const dir = await mkdtemp(join(tmpdir(), 'authpair-cluster-tracked-'))
const cluster = await startRedisCluster({ dataDir: dir })
const client = createClusterClient({ url: `redis-cluster://${cluster.nodeAddresses}`, connectionName: 'test-store' })
t.teardown(async () => {
  await closeRedisClient(client)
  await cluster.stop()
  await rm(dir, { recursive: true, force: true })
  armLingerGuard()
})
await client.connect()
await writeKeyLayout(client, PREFIX)
const store = sessionStore(client)

t.test('on a Cluster, memory answers for users of every primary and each revocation is refused on the next lookup', async (t) => {
  const { liveness, answers } = await startLiveness(t, cluster)
  t.ok(await until(() => liveness.linked, 10_000), 'linked to every primary')
  const admin = nodeClient(t, cluster.nodes[0]!.port)
  const users = await usersOnEachPrimary(admin, 'each')
  t.equal(users.size, 3, 'a user on each of the three primaries')
  for (const [port, userId] of users) {
    t.ok(await hasTrackingLink(nodeClient(t, port)), `primary ${port} has a tracking link`)
    const kept = await createSession(store, userId)
    const revoked = await createSession(store, userId)
    t.equal(await liveness.isLive(kept, userId), true, 'a new session is live (asked of Redis)')
    t.ok(await untilCached(liveness, answers, kept, userId), `primary ${port}: answered from memory`)
    t.ok(await untilCached(liveness, answers, revoked, userId))
    t.equal(await liveness.isLive(revoked, 'someone-else'), false, "another user's token is refused")

    t.equal(await refreshSession(store, userId, kept), 'rotated', 'a refresh by the session store')
    t.equal(await liveness.isLive(kept, userId), true)
    t.match(answers.at(-1), /^(cache|heartbeat)$/, 'the refresh pushed nothing: memory still answers')

    t.ok(await store.revoke(revoked, userId), 'revoked by the session store')
    t.equal(await liveness.isLive(revoked, userId), false, `primary ${port}: refused on the very next lookup (${answers.at(-1)})`)
    t.equal(await liveness.isLive(kept, userId), true, 'the other session stays live')
  }
})

t.test('a primary that cannot answer a heartbeat makes memory refuse for every user: Redis answers instead', async (t) => {
  const { liveness, answers } = await startLiveness(t, cluster)
  const admin = nodeClient(t, cluster.nodes[0]!.port)
  const users = await usersOnEachPrimary(admin, 'stopped')
  const [stoppedPort] = [...users][0]!
  const [, userId] = [...users][1]!
  const sessionId = await createSession(store, userId)
  t.ok(await until(() => liveness.linked, 10_000))
  t.ok(await untilCached(liveness, answers, sessionId, userId), 'answered from memory')
  const stopped = cluster.nodes.find((node) => node.port === stoppedPort)!
  // Stopped for less than the 2 s node timeout: no failover, only one link that cannot prove anything for 1.2 s.
  process.kill(stopped.pid!, 'SIGSTOP')
  const resume = setTimeout(() => process.kill(stopped.pid!, 'SIGCONT'), 1200)
  t.teardown(() => {
    clearTimeout(resume)
    process.kill(stopped.pid!, 'SIGCONT')
  })
  t.equal(await liveness.isLive(sessionId, userId), true, 'the session, on another primary, is live')
  t.equal(answers.at(-1), 'redis_untrusted', 'asked of Redis: one primary gave no heartbeat after the lookup began')
  await sleep(1300)
  t.ok(await untilCached(liveness, answers, sessionId, userId), 'memory answers again once every link is fresh')
})

t.test('a slot moved to another primary (IMPORTING, MIGRATE, SETSLOT): the session stays live, its revocation is seen at once', async (t) => {
  const { liveness, answers } = await startLiveness(t, cluster)
  const admin = nodeClient(t, cluster.nodes[0]!.port)
  const users = await usersOnEachPrimary(admin, 'moved')
  const [fromPort, userId] = [...users][0]!
  const [toPort] = [...users][1]!
  const { kept, revoked } = await rememberedSessions(t, store, { liveness, answers }, userId)

  const primaries = [...users.keys()].map((port) => nodeClient(t, port))
  await moveSlot(await slotOf(admin, userId), nodeClient(t, fromPort), nodeClient(t, toPort), primaries)
  t.equal(await primaryPortOf(admin, userId), toPort, 'the slot is served by the other primary')
  t.equal(await liveness.isLive(kept, userId), true, 'the moved session is still live')
  t.equal(await liveness.isLive(revoked, userId), true)
  t.ok(await untilCached(liveness, answers, revoked, userId), 'and remembered again, from its new primary')
  t.ok(await store.revoke(revoked, userId), 'revoked on the new primary')
  t.equal(await liveness.isLive(revoked, userId), false, `refused at once (${answers.at(-1)})`)
  t.equal(await liveness.isLive(kept, userId), true, 'the other moved session stays live')
})

t.test('a manual failover (CLUSTER FAILOVER): the new primary is linked and its revocations are seen at once', async (t) => {
  // The slot map is not refreshed on a timer here: only each node's own ROLE answer can reveal the demotion.
  const { liveness, answers } = await startLiveness(t, cluster, 600_000)
  const admin = nodeClient(t, cluster.nodes[0]!.port)
  const users = await usersOnEachPrimary(admin, 'manual')
  const [oldPort, userId] = [...users][0]!
  const { kept, revoked } = await rememberedSessions(t, store, { liveness, answers }, userId)

  const old = nodeClient(t, oldPort)
  const replicaPort = Number(/slave0:ip=[^,]+,port=(\d+)/.exec(await old.info('replication'))![1])
  const promoted = nodeClient(t, replicaPort)
  await promoted.call('CLUSTER', 'FAILOVER')
  t.ok(await until(async () => ((await promoted.call('ROLE')) as string[])[0] === 'master', 10_000), 'the replica took over')
  // Only remembered answers meanwhile: no read that a MOVED could send to the new primary.
  const linkedToPromoted = async () => (await liveness.isLive(kept, userId).catch(() => false)) && (await hasTrackingLink(promoted))
  t.ok(await until(linkedToPromoted, 10_000), 'the new primary gets a link')
  t.ok(await until(() => liveness.linked, 10_000), 'linked again')
  t.ok(await untilCached(liveness, answers, revoked, userId), 'memory answers again')
  t.ok(await store.revoke(revoked, userId), 'revoked on the new primary')
  t.equal(await liveness.isLive(revoked, userId), false, `refused at once (${answers.at(-1)})`)
  t.equal(await liveness.isLive(kept, userId), true)
})

t.test('a primary killed (SIGKILL) after a confirmed revocation: never a yes for it; afterwards the new primary is linked', async (t) => {
  const { liveness, answers } = await startLiveness(t, cluster)
  const users = await usersOnEachPrimary(nodeClient(t, cluster.nodes[0]!.port), 'killed')
  const [victimPort, userId] = [...users][0]!
  const admin = nodeClient(t, cluster.nodes.find((node) => node.port !== victimPort)!.port)
  const victim = cluster.nodes.find((node) => node.port === victimPort)!
  const { kept, revoked } = await rememberedSessions(t, store, { liveness, answers }, userId)
  // Revoked on the primary itself, and confirmed by its replica (what the issuer's REDIS_REVOCATION_REPLICAS does).
  const primary = nodeClient(t, victimPort)
  t.ok(await sessionStore(primary).revoke(revoked, userId))
  t.equal(await primary.wait(1, 2000), 1, 'the replica has the revocation')
  t.equal(await liveness.isLive(revoked, userId), false)
  process.kill(victim.pid!, 'SIGKILL')

  const seen = { unavailable: 0, live: 0, unavailableWhileLinked: 0 }
  const recovered = await until(async () => {
    const linkedBefore = liveness.linked
    const [gone, live] = await Promise.all([revoked, kept].map((sid) => liveness.isLive(sid, userId).catch(() => undefined)))
    t.not(gone, true, 'the revoked session is never live')
    if (live === undefined) seen.unavailable += 1
    // Linked before and after the lookup: the set claimed every slot's primary while one could not answer.
    if (live === undefined && linkedBefore && liveness.linked) seen.unavailableWhileLinked += 1
    if (live === true) seen.live += 1
    t.not(live, false, 'the kept session is never refused (only unavailable)')
    return liveness.linked && live === true
  }, 30_000)
  t.ok(recovered, `after the failover the set is linked again (${JSON.stringify(seen)})`)
  t.ok(seen.unavailable > 0, 'the failover was felt: unavailable while the slot had no primary')
  t.equal(seen.unavailableWhileLinked, 0, 'never linked while a slot had no linked primary')
  const newPort = await primaryPortOf(admin, userId)
  t.not(newPort, victimPort, 'a replica took over')
  t.ok(await hasTrackingLink(nodeClient(t, newPort)), 'the new primary has a tracking link')
  t.ok(await untilCached(liveness, answers, kept, userId), 'memory answers again')
  t.ok(await store.revoke(kept, userId), 'revoked on the new primary')
  t.equal(await liveness.isLive(kept, userId), false, `refused at once (${answers.at(-1)})`)
})
