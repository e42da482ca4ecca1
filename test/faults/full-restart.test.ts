// Issue 4, item 5: "a restart of every process (no user, no live session lost)". Both apps close, Redis and
// MongoDB restart on their data directories, and new apps come up on the same stores and the same ISSUER_URL.
import t from 'tap'
import { bearer, loginAs, outcome, signupAndLogin, startFaultStack } from './fault-stack.js'
import type { Me, SessionList, Todo, TokenPair } from '@authpair/contract'

const accounts = [
  { email: 'ada@example.com', password: 'full restart 1' },
  { email: 'grace@example.com', password: 'full restart 2' },
]

t.test('every process restarted: no user, no live session, no key lost', async (t) => {
  const stack = await startFaultStack(t)
  const sessions = []
  for (const account of accounts) sessions.push(await signupAndLogin(stack.issuer, account))
  const [ada, grace] = sessions as [(typeof sessions)[0], (typeof sessions)[0]]
  // Grace rotates once before the restart: her live refresh token is a rotated one.
  const rotated = await stack.issuer.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: grace.refresh_token } })
  t.equal(outcome(rotated), '200')
  const graceRefresh = rotated.json<TokenPair>().refresh_token
  const todo = await stack.resource.inject({ method: 'POST', url: '/todos', headers: bearer(ada.access_token), payload: { title: 'kept' } })
  t.equal(outcome(todo), '201')
  const jwksBefore = (await stack.issuer.inject({ url: '/.well-known/jwks.json' })).json<unknown>()

  await stack.closeApps()
  await Promise.all([stack.redis.restart(), stack.mongo.restart()])
  const issuer = await stack.startIssuer()
  const resource = await stack.startResource()

  t.same((await issuer.inject({ url: '/.well-known/jwks.json' })).json(), jwksBefore, 'the JWKS is the same (the key is kept in MongoDB)')
  for (const app of [issuer, resource]) t.equal(outcome(await app.inject({ url: '/readyz' })), '200', 'ready')

  const me = await resource.inject({ url: '/me', headers: bearer(ada.access_token) })
  t.equal(outcome(me), '200', 'the old access token works at the new resource service')
  t.equal(me.json<Me>().sid, ada.session_id)
  const sessionsList = await issuer.inject({ url: '/auth/sessions', headers: bearer(ada.access_token) })
  t.equal(outcome(sessionsList), '200', 'and at the new issuer')
  t.ok(sessionsList.json<SessionList>().sessions.some((s) => s.id === ada.session_id && s.current), 'the session is listed')

  const adaNext = await issuer.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: ada.refresh_token } })
  t.equal(outcome(adaNext), '200', "ada's old refresh token still rotates")
  const graceNext = await issuer.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: graceRefresh } })
  t.equal(outcome(graceNext), '200', "grace's rotated refresh token still rotates")
  for (const next of [adaNext, graceNext]) {
    t.equal(outcome(await resource.inject({ url: '/me', headers: bearer(next.json<TokenPair>().access_token) })), '200', 'the new token works')
  }
  const todos = await resource.inject({ url: '/todos', headers: bearer(ada.access_token) })
  t.same(todos.json<{ items: Todo[] }>().items.map((item) => item.title), ['kept'], 'the todo is kept')

  for (const account of accounts) {
    const session = await loginAs(issuer, account)
    t.equal(outcome(await resource.inject({ url: '/me', headers: bearer(session.access_token) })), '200', `${account.email} logs in`)
  }
})
