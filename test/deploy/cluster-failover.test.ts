// Issue 15: a Cluster primary killed (SIGKILL) right after logouts confirmed by WAIT. While its replica takes over,
// verifiers answer 503 or the right answer, never 200 for a logged-out token; afterwards every logged-out token is
// refused and every session answered as created still works.
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { Redis } from 'ioredis'
import { bearer, newAccount, signupAndLogin, startClusterStack, type LoginBody } from './deploy-stack.js'

const USERS = 12
const FAILOVER_DEADLINE_MS = 30_000

t.test('issue 15: a Cluster primary killed after confirmed logouts: no logged-out token comes back', async (t) => {
  const { issuer, resource, cluster } = await startClusterStack(t, { REDIS_REVOCATION_REPLICAS: '1' })
  const logins: LoginBody[] = []
  for (let index = 0; index < USERS; index += 1) logins.push(await signupAndLogin(issuer, newAccount()))
  const admin = new Redis(cluster.nodes[0]!.url)
  // It may be the node this test kills: its reconnect failures are expected.
  admin.on('error', () => undefined)
  t.teardown(() => admin.disconnect())

  // The victim: the primary owning the first user's slot. Half of the users log out, each confirmed by a replica.
  const ranges = (await admin.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][]
  const primaryPortOf = async (login: LoginBody) => {
    const slot = Number(await admin.call('CLUSTER', 'KEYSLOT', `{${login.user.id}}`))
    return ranges.find(([from, to]) => slot >= from && slot <= to)![2][1]
  }
  const victimPort = await primaryPortOf(logins[0]!)
  const victim = cluster.nodes.find((node) => node.port === victimPort)!
  const loggedOut = logins.filter((_, index) => index % 2 === 0)
  const live = logins.filter((_, index) => index % 2 === 1)
  // The promoted replica has no replica of its own (the victim was it), so a logout on its slots rightly answers 503.
  const onSurvivor = (await Promise.all(live.map(async (login) => ((await primaryPortOf(login)) === victimPort ? [] : [login])))).flat()
  for (const login of loggedOut) {
    const answer = await issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(login.access_token) })
    t.equal(answer.statusCode, 204, 'the logout is confirmed by a replica')
  }
  process.kill(victim.pid!, 'SIGKILL')

  const seen = new Map<number, number>()
  const me = async (login: LoginBody) => {
    const status = (await resource.inject({ url: '/me', headers: bearer(login.access_token) })).statusCode
    seen.set(status, (seen.get(status) ?? 0) + 1)
    return status
  }
  const deadline = Date.now() + FAILOVER_DEADLINE_MS
  let recovered = false
  while (!recovered && Date.now() < deadline) {
    const refused = await Promise.all(loggedOut.map(me))
    t.ok(refused.every((status) => status === 401 || status === 503), `logged-out tokens: ${refused.join(' ')}`)
    const kept = await Promise.all(live.map(me))
    t.ok(kept.every((status) => status === 200 || status === 503), `live tokens: ${kept.join(' ')}`)
    recovered = kept.every((status) => status === 200) && refused.every((status) => status === 401)
    if (!recovered) await sleep(250)
  }
  t.ok(recovered, 'after the failover every live session answers 200 and every logged-out one 401')
  t.ok((seen.get(503) ?? 0) > 0, 'the failover was felt (503 while the slot had no primary)')
  t.same([...seen.keys()].filter((status) => ![200, 401, 503].includes(status)), [], 'no other status')

  t.ok(onSurvivor.length > 0, 'a live session on another primary')
  const survivor = onSurvivor[0]!
  const after = await issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(survivor.access_token) })
  t.equal(after.statusCode, 204, 'a logout after the failover, on a primary that still has a replica, is confirmed')
  t.equal(await me(survivor), 401)
})
