// Issue 15: the issuer, the resource service and forward-auth on a real Redis Cluster (three primaries, three
// replicas), with WAIT after revocations sent to the primary that owns the user's slot. The verifiers run in the
// default mode (tracked: one invalidation link per primary), and once more in strict mode.
import t from 'tap'
import { Redis } from 'ioredis'
import { loadResourceConfig } from '../../services/resource/src/config.js'
import { bearer, loginAs, newAccount, signupAndLogin, startClusterStack, type LoginBody } from './deploy-stack.js'

const strict = { VERIFY_MODE: 'strict' }

for (const [mode, verifierEnv] of [['tracked (the default)', {}], ['strict', strict]] as const) {
  t.test(`issue 15: on a Redis Cluster, logins, refresh, logout-all and a password change work end to end, ${mode}`, async (t) => {
    const { issuer, resource, forwardAuth } = await startClusterStack(t, { REDIS_REVOCATION_REPLICAS: '1' }, verifierEnv)
    const account = newAccount()
    const first = await signupAndLogin(issuer, account)
    const me = async (login: LoginBody) => (await resource.inject({ url: '/me', headers: bearer(login.access_token) })).statusCode
    const verify = async (login: LoginBody) => (await forwardAuth.inject({ url: '/auth/verify', headers: bearer(login.access_token) })).statusCode
    t.equal(await me(first), 200, 'the resource service accepts a fresh login')
    t.equal(await verify(first), 200, 'forward-auth accepts it')

    const refresh = await issuer.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: first.refresh_token } })
    t.equal(refresh.statusCode, 200, 'a refresh rotates on the Cluster')
    const refreshed = refresh.json<LoginBody>()
    t.equal(await me(refreshed), 200, 'the refreshed token is accepted')

    const sessions = [refreshed, await loginAs(issuer, account), await loginAs(issuer, account)]
    for (const login of sessions) t.equal(await me(login), 200, 'each of three sessions works')
    const all = await issuer.inject({ method: 'POST', url: '/auth/logout-all', headers: bearer(refreshed.access_token) })
    t.equal(all.statusCode, 204, 'logout-all is confirmed by a replica of the user slot (REDIS_REVOCATION_REPLICAS=1)')
    for (const login of sessions) {
      t.equal(await me(login), 401, 'the resource service refuses every logged-out session')
      t.equal(await verify(login), 401, 'forward-auth refuses it too')
    }

    const kept = await loginAs(issuer, account)
    const other = await loginAs(issuer, account)
    const changed = await issuer.inject({
      method: 'POST',
      url: '/auth/password',
      headers: bearer(kept.access_token),
      payload: { current_password: account.password, new_password: 'another horse battery' },
    })
    t.equal(changed.statusCode, 204, 'a password change is confirmed on the Cluster')
    t.equal(await me(other), 401, 'the password change revoked the other session')
    t.equal(await verify(other), 401, 'forward-auth agrees')
    t.equal(await me(kept), 200, 'the session that changed the password stays')
    if (verifierEnv === strict) return
    let remembered = 0
    for (let attempt = 0; attempt < 100 && remembered === 0; attempt += 1) {
      if ((await me(kept)) !== 200) break
      remembered = rememberedAnswers((await resource.inject({ url: '/metrics' })).body)
    }
    t.ok(remembered > 0, 'tracked: the resource service answered from memory on the Cluster')
  })
}

/** Session lookups a tracked verifier answered from memory, from its /metrics. */
function rememberedAnswers(metrics: string): number {
  const counts = [...metrics.matchAll(/^verifier_session_lookups_total\{answer="(?:cache|heartbeat)"\} (\d+)$/gm)]
  return counts.reduce((sum, [, count]) => sum + Number(count), 0)
}

t.test('issue 15: on a Cluster, WAIT goes to the primary of the user slot: its replicas stopped, a logout answers 503', async (t) => {
  const { issuer, resource, cluster } = await startClusterStack(t, { REDIS_REVOCATION_REPLICAS: '1' }, strict)
  const login = await signupAndLogin(issuer, newAccount())
  const admin = new Redis(cluster.nodes[0]!.url)
  t.teardown(() => admin.disconnect())
  const slot = Number(await admin.call('CLUSTER', 'KEYSLOT', `deploy:sessions:{${login.user.id}}`))
  const ranges = (await admin.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][]
  const [, , [host, port]] = ranges.find(([from, to]) => slot >= from && slot <= to)!
  const primary = new Redis({ host, port })
  t.teardown(() => primary.disconnect())
  const replicaPorts = [...(await primary.info('replication')).matchAll(/slave\d+:ip=[^,]+,port=(\d+)/g)].map((match) => Number(match[1]))
  t.ok(replicaPorts.length > 0, 'the primary of the user slot has a replica')
  const replicas = cluster.nodes.filter((node) => replicaPorts.includes(node.port))
  // Only this slot's replicas stop (SIGSTOP, under the 2 s node timeout, so no failover starts): every other replica
  // would confirm a WAIT sent to the wrong node.
  const resume = () => replicas.forEach((replica) => process.kill(replica.pid!, 'SIGCONT'))
  t.teardown(resume)
  replicas.forEach((replica) => process.kill(replica.pid!, 'SIGSTOP'))
  const logout = await issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(login.access_token) })
  t.equal(logout.statusCode, 503, 'no replica of the slot confirmed: 503, never a 204 a failover could undo')
  resume()
  t.equal((await resource.inject({ url: '/me', headers: bearer(login.access_token) })).statusCode, 401, 'the primary has the revocation')
  const retried = await issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(login.access_token) })
  t.equal(retried.statusCode, 204, 'retried once the replica is back, the logout is confirmed')
})

t.test('issue 15: VERIFY_MODE=tracked is accepted on a Cluster, and is the default there too', async (t) => {
  t.equal(loadResourceConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7000', VERIFY_MODE: 'tracked' }).VERIFY_MODE, 'tracked')
  t.equal(loadResourceConfig({ REDIS_CLUSTER_NODES: '127.0.0.1:7000' }).VERIFY_MODE, 'tracked')
})
