// Issue 15: a revocation is answered only once a replica has it; with replication stalled a logout answers 503
// (never a 204 that a failover could undo), and logouts succeed again once the replicas are back.
import t from 'tap'
import { Redis } from 'ioredis'
import { bearer, newAccount, signupAndLogin, startSentinelStack } from './deploy-stack.js'

t.test('issue 15: with both replicas stalled a logout answers 503, and 204 once they are back', async (t) => {
  const { set, issuer, resource } = await startSentinelStack(t, { REDIS_REVOCATION_WAIT: '1s' }, { VERIFY_MODE: 'strict' })
  const first = await signupAndLogin(issuer, newAccount())
  const second = await signupAndLogin(issuer, newAccount())

  const replicas = set.nodes.slice(1).map((node) => new Redis(node.url, { maxRetriesPerRequest: 0 }))
  t.teardown(() => replicas.forEach((replica) => replica.disconnect()))
  // DEBUG SLEEP blocks each replica for 4 s: it takes no replication stream and acknowledges nothing.
  const asleep = replicas.map((replica) => replica.call('DEBUG', 'SLEEP', '4'))
  await new Promise((resolve) => setTimeout(resolve, 200))
  const stalled = await issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(first.access_token) })
  t.equal(stalled.statusCode, 503, 'not a 204 that a failover could undo')
  t.match(stalled.json(), { statusCode: 503, code: 'unavailable' })
  await Promise.all(asleep)

  const back = await issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(second.access_token) })
  t.equal(back.statusCode, 204, 'replicas back: the logout is confirmed')
  t.equal((await resource.inject({ url: '/me', headers: bearer(second.access_token) })).statusCode, 401)
  t.equal((await resource.inject({ url: '/me', headers: bearer(first.access_token) })).statusCode, 401, 'the primary had the first logout too')
})
