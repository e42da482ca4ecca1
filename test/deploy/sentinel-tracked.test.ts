// Issue 15: a tracked verifier on a Sentinel set whose primary stalls (SIGSTOP) long enough for the sentinels to
// fail over, then comes back still believing it is the primary. The verifier's connections never write, so no
// READONLY moves them; its stalled link must not vouch again, once the old primary answers, for a session revoked
// on the new one.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { Redis } from 'ioredis'
import { startRedisSentinel } from '@authpair/local-servers'
import { trackedSessionLiveness, writeKeyLayout, type LookupAnswer } from '@authpair/verifier/redis'
import { until, untilCached } from './cluster-tracked-helpers.js'
import { armLingerGuard, holdLingerGuard } from './linger-guard.js'

const PREFIX = 'stracked:'
const FAILOVER_DEADLINE_MS = 30_000

t.test('a stalled Sentinel primary that comes back after the failover never vouches for a session revoked meanwhile', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'authpair-sentinel-tracked-'))
  const set = await startRedisSentinel({ dataDir: dir })
  holdLingerGuard()
  t.teardown(async () => {
    await set.stop()
    await rm(dir, { recursive: true, force: true })
    armLingerGuard()
  })
  const old = await set.primary()
  const writer = new Redis(old.url, { maxRetriesPerRequest: 1 })
  writer.on('error', () => undefined)
  t.teardown(() => writer.disconnect())
  await writeKeyLayout(writer, PREFIX)
  const [kept, revoked] = [`${PREFIX}live:{u1}:kept`, `${PREFIX}live:{u1}:revoked`]
  await writer.mset(kept, 'u1', revoked, 'u1')
  t.equal(await writer.wait(2, 5000), 2, 'both replicas have the sessions')

  const answers: LookupAnswer[] = []
  const url = `redis-sentinel://${set.sentinelAddresses}/${set.name}`
  const liveness = trackedSessionLiveness({ url, keyPrefix: PREFIX, onLookup: (answer) => answers.push(answer) })
  t.teardown(() => liveness.close())
  await liveness.ready()
  t.ok(await untilCached(liveness, answers, 'kept', 'u1'), 'answered from memory')
  t.ok(await untilCached(liveness, answers, 'revoked', 'u1'))

  process.kill(old.pid!, 'SIGSTOP')
  t.teardown(() => process.kill(old.pid!, 'SIGCONT'))
  const promoted = await until(async () => (await set.primary().catch(() => old)).port !== old.port, FAILOVER_DEADLINE_MS)
  t.ok(promoted, 'the sentinels promoted a replica')
  const primary = new Redis((await set.primary()).url, { maxRetriesPerRequest: 1 })
  t.teardown(() => primary.disconnect())
  t.equal(await primary.del(revoked), 1, 'revoked on the new primary')
  await sleep(1000)
  process.kill(old.pid!, 'SIGCONT')

  // Until the sentinels reach the old primary and demote it, it answers as a primary that never saw the revocation.
  for (let attempt = 0; attempt < 20; attempt += 1) {
    const live = await liveness.isLive('revoked', 'u1').catch(() => undefined)
    t.not(live, true, `attempt ${attempt}: the revoked session is not live (${answers.at(-1)})`)
    await sleep(25)
  }
  t.ok(await until(() => liveness.linked, 10_000), 'linked again')
  t.ok(await untilCached(liveness, answers, 'kept', 'u1'), 'memory answers again, for the session still live')
})
