// Issue 4, item 5: faults with the real servers stopped and restarted mid-run. Redis holds every session, so while
// it is away every verifier and every session operation answers 503 `unavailable` (never 200, never 401), the
// processes stay up, and once it is back everything works again by itself, the sessions intact (AOF).
import t from 'tap'
import { bearer, eventually, loginAs, outcome, signupAndLogin, startFaultStack } from './fault-stack.js'
import type { Me, TokenPair } from '@authpair/contract'

const ada = { email: 'ada@example.com', password: 'redis outage 1' }

t.test('Redis stopped and restarted under a running pair', async (t) => {
  const stack = await startFaultStack(t)
  const { issuer, resource } = stack
  const session = await signupAndLogin(issuer, ada)
  t.equal(outcome(await resource.inject({ url: '/me', headers: bearer(session.access_token) })), '200', 'works before the fault')

  await stack.redis.stop()

  for (const url of ['/me', '/auth/verify']) {
    const response = await resource.inject({ url, headers: bearer(session.access_token) })
    t.equal(outcome(response), '503 unavailable', `resource ${url}: refused as unavailable, not let through nor 401`)
  }
  const login = await issuer.inject({ method: 'POST', url: '/auth/login', payload: ada })
  t.equal(outcome(login), '503 unavailable', 'issuer login')
  const refresh = await issuer.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: session.refresh_token } })
  t.equal(outcome(refresh), '503 unavailable', 'issuer refresh')
  const sessions = await issuer.inject({ url: '/auth/sessions', headers: bearer(session.access_token) })
  t.equal(outcome(sessions), '503 unavailable', "issuer's own verifier refuses as unavailable too")
  for (const [name, app] of [['issuer', issuer], ['resource', resource]] as const) {
    t.equal(outcome(await app.inject({ url: '/readyz' })), '503 unavailable', `${name} /readyz`)
    t.equal(outcome(await app.inject({ url: '/healthz' })), '200', `${name} is still up`)
  }

  await stack.redis.restart()

  const recovered = await eventually(async () => {
    const me = await resource.inject({ url: '/me', headers: bearer(session.access_token) })
    return me.statusCode === 200
  })
  t.ok(recovered, 'the resource service answers 200 again without a restart, the session intact')
  t.ok(await eventually(async () => (await issuer.inject({ url: '/readyz' })).statusCode === 200), 'issuer ready again')
  t.ok(await eventually(async () => (await resource.inject({ url: '/readyz' })).statusCode === 200), 'resource ready again')

  const verify = await resource.inject({ url: '/auth/verify', headers: bearer(session.access_token) })
  t.equal(outcome(verify), '200', 'forward-auth accepts the pre-existing session')
  t.equal(verify.headers['x-user-id'], session.user.id)

  // The session made before the outage rotates, and its new token works at the resource service.
  const rotated = await issuer.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: session.refresh_token } })
  t.equal(outcome(rotated), '200', 'the pre-outage refresh token rotates')
  const fresh = rotated.json<TokenPair>().access_token
  const me = await resource.inject({ url: '/me', headers: bearer(fresh) })
  t.equal(outcome(me), '200', 'the new access token works')
  t.equal(me.json<Me>().sid, session.session_id, 'in the same session')

  const again = await loginAs(issuer, ada)
  t.equal(outcome(await resource.inject({ url: '/me', headers: bearer(again.access_token) })), '200', 'a new login works')
})
