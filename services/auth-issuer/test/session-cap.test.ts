// Issue 11: a user's live sessions are capped (MAX_SESSIONS_PER_USER); a login past the cap ends the oldest.
import t from 'tap'
import { bearer, newAccount, signupAndLogin, startIssuer } from './helpers.js'

t.test('issue 11: past MAX_SESSIONS_PER_USER, a login ends the oldest session', async (t) => {
  const { app } = await startIssuer(t, { MAX_SESSIONS_PER_USER: '3' })
  const account = newAccount()
  const logins = []
  for (let i = 0; i < 5; i++) logins.push(await signupAndLogin(app, account))
  const listed = await app.inject({ url: '/auth/sessions', headers: bearer(logins[4]!.access_token) })
  t.equal(listed.statusCode, 200)
  const ids = listed.json<{ sessions: { id: string }[] }>().sessions.map((s) => s.id)
  t.same(ids, logins.slice(2).map((l) => l.session_id), 'the three newest live, oldest first')
  const oldest = await app.inject({ url: '/auth/sessions', headers: bearer(logins[0]!.access_token) })
  t.equal(oldest.statusCode, 401, "the oldest session's token is refused")
  const refresh = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: logins[1]!.refresh_token } })
  t.equal(refresh.statusCode, 401, "the second oldest's refresh token is dead")
})

t.test('MAX_SESSIONS_PER_USER=0 sets no cap', async (t) => {
  const { app } = await startIssuer(t, { MAX_SESSIONS_PER_USER: '0' })
  const account = newAccount()
  const first = await signupAndLogin(app, account)
  for (let i = 0; i < 4; i++) await signupAndLogin(app, account)
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(first.access_token) })).statusCode, 200)
})

t.test('issue 11: GET /auth/sessions pages through the sessions, oldest first', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount()
  const logins = []
  for (let i = 0; i < 5; i++) logins.push(await signupAndLogin(app, account))
  const token = bearer(logins[4]!.access_token)
  const first = await app.inject({ url: '/auth/sessions?page=1&per_page=2', headers: token })
  t.equal(first.statusCode, 200)
  t.match(first.json(), { total: 5, page: 1, per_page: 2 })
  const last = (await app.inject({ url: '/auth/sessions?page=3&per_page=2', headers: token })).json()
  const pages = [...first.json().sessions, ...last.sessions].map((s: { id: string }) => s.id)
  t.same(pages, [logins[0]!.session_id, logins[1]!.session_id, logins[4]!.session_id])
  const all = (await app.inject({ url: '/auth/sessions', headers: token })).json()
  t.match(all, { total: 5, page: 1, per_page: 100 })
  t.equal(all.sessions.length, 5, 'by default one page holds every session')
  t.equal((await app.inject({ url: '/auth/sessions?per_page=101', headers: token })).statusCode, 400)
})
