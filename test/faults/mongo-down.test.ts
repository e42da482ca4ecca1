// Issue 4, item 5: faults with the real servers stopped and restarted mid-run. MongoDB holds users and todos, not
// sessions: while it is away, account work answers 503 `unavailable`, tokens already issued keep working where
// only Redis is asked, and once it is back signup and login work again by themselves, the users intact.
import t from 'tap'
import { bearer, eventually, outcome, signupAndLogin, startFaultStack } from './fault-stack.js'
import type { Me, Todo } from '@authpair/contract'

const ada = { email: 'ada@example.com', password: 'mongo outage 1' }
const grace = { email: 'grace@example.com', password: 'mongo outage 2' }

t.test('MongoDB stopped and restarted under a running pair', async (t) => {
  const stack = await startFaultStack(t)
  const { issuer, resource } = stack
  const session = await signupAndLogin(issuer, ada)
  const todo = await resource.inject({ method: 'POST', url: '/todos', headers: bearer(session.access_token), payload: { title: 'before' } })
  t.equal(outcome(todo), '201', 'a todo is stored before the fault')

  await stack.mongo.stop()

  const signup = await issuer.inject({ method: 'POST', url: '/auth/signup', payload: grace })
  t.equal(outcome(signup), '503 unavailable', 'signup')
  const login = await issuer.inject({ method: 'POST', url: '/auth/login', payload: ada })
  t.equal(outcome(login), '503 unavailable', 'login')
  t.equal(outcome(await issuer.inject({ url: '/readyz' })), '503 unavailable', 'issuer /readyz')
  t.equal(outcome(await issuer.inject({ url: '/healthz' })), '200', 'the issuer is still up')

  // Verification needs the JWKS (held) and Redis (up), not MongoDB.
  const me = await resource.inject({ url: '/me', headers: bearer(session.access_token) })
  t.equal(outcome(me), '200', 'an issued access token still works at /me')
  t.equal(me.json<Me>().sub, session.user.id)
  t.equal(outcome(await resource.inject({ url: '/auth/verify', headers: bearer(session.access_token) })), '200', 'and at forward-auth')
  const todos = await resource.inject({ url: '/todos', headers: bearer(session.access_token) })
  t.equal(outcome(todos), '503 unavailable', '/todos needs MongoDB')
  t.equal(outcome(await resource.inject({ url: '/readyz' })), '503 unavailable', 'resource /readyz')
  t.equal(outcome(await resource.inject({ url: '/healthz' })), '200', 'the resource service is still up')

  await stack.mongo.restart()

  const loggedIn = await eventually(async () => (await issuer.inject({ method: 'POST', url: '/auth/login', payload: ada })).statusCode === 200)
  t.ok(loggedIn, 'a user created before the outage logs in again, without restarting the issuer')
  const again = await issuer.inject({ method: 'POST', url: '/auth/signup', payload: grace })
  t.equal(outcome(again), '201', 'signup works again (the refused one left nothing behind)')
  const graceLogin = await issuer.inject({ method: 'POST', url: '/auth/login', payload: grace })
  t.equal(outcome(graceLogin), '200', 'the new user logs in')
  t.ok(await eventually(async () => (await issuer.inject({ url: '/readyz' })).statusCode === 200), 'issuer ready again')
  t.ok(await eventually(async () => (await resource.inject({ url: '/readyz' })).statusCode === 200), 'resource ready again')

  const after = await resource.inject({ url: '/todos', headers: bearer(session.access_token) })
  t.equal(outcome(after), '200', '/todos answers again')
  t.same(after.json<{ items: Todo[] }>().items.map((item) => item.title), ['before'], 'the todo stored before the outage is there')
})
