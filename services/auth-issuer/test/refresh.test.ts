import t from 'tap'
import { bearer, newAccount, signupAndLogin, startIssuer } from './helpers.js'

function movableClock() {
  let offset = 0
  return { now: () => Date.now() + offset, advance: (ms: number) => (offset += ms) }
}

const refreshWith = (refresh_token: string) => ({ method: 'POST' as const, url: '/auth/refresh', payload: { refresh_token } })

t.test('refresh rotates: a new refresh token, a valid access token, the same session', async (t) => {
  const { app } = await startIssuer(t)
  const login = await signupAndLogin(app)
  const response = await app.inject(refreshWith(login.refresh_token))
  t.equal(response.statusCode, 200)
  const body = response.json()
  t.not(body.refresh_token, login.refresh_token)
  t.not(body.access_token, login.access_token)
  t.equal(body.session_id, login.session_id)
  t.equal(body.user.id, login.user.id)
  t.ok(body.refresh_expires_in <= login.refresh_expires_in, 'the session lifetime counts from login')
  t.equal(response.cookies.find((c) => c.name === 'refresh_token')?.value, body.refresh_token)
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(body.access_token) })).statusCode, 200)
})

t.test('refresh takes the token from the refresh_token cookie, with no body', async (t) => {
  const { app } = await startIssuer(t)
  const login = await signupAndLogin(app)
  const response = await app.inject({ method: 'POST', url: '/auth/refresh', cookies: { refresh_token: login.refresh_token } })
  t.equal(response.statusCode, 200)
  t.equal(response.json().session_id, login.session_id)
})

t.test('unknown, malformed, missing and access tokens are 401 invalid_refresh_token', async (t) => {
  const { app } = await startIssuer(t)
  const login = await signupAndLogin(app)
  const forged = `${login.session_id}.${'A'.repeat(43)}`
  for (const token of [forged, 'nonsense', login.access_token, `${'B'.repeat(22)}.${'C'.repeat(43)}`]) {
    const response = await app.inject(refreshWith(token))
    t.equal(response.statusCode, 401, token.slice(0, 30))
    t.equal(response.json().code, 'invalid_refresh_token')
  }
  const none = await app.inject({ method: 'POST', url: '/auth/refresh' })
  t.equal(none.statusCode, 401)
  t.equal((await app.inject(refreshWith(login.refresh_token))).statusCode, 200, 'a forged token did not end the session')
})

t.test('within the grace period the retired token gets the same successor', async (t) => {
  const { app } = await startIssuer(t)
  const login = await signupAndLogin(app)
  const first = (await app.inject(refreshWith(login.refresh_token))).json()
  const again = await app.inject(refreshWith(login.refresh_token))
  t.equal(again.statusCode, 200)
  t.equal(again.json().refresh_token, first.refresh_token)
  t.equal(again.json().session_id, login.session_id)
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(again.json().access_token) })).statusCode, 200)
})

t.test('20 concurrent refreshes of one token all get the same successor; one chain lives on', async (t) => {
  const { app } = await startIssuer(t)
  const login = await signupAndLogin(app)
  const responses = await Promise.all(Array.from({ length: 20 }, () => app.inject(refreshWith(login.refresh_token))))
  t.same(new Set(responses.map((r) => r.statusCode)), new Set([200]))
  const successors = new Set(responses.map((r) => r.json().refresh_token as string))
  t.equal(successors.size, 1, 'one successor')
  const [successor] = successors
  const next = await app.inject(refreshWith(successor!))
  t.equal(next.statusCode, 200, 'the successor rotates on')
  t.not(next.json().refresh_token, successor)
})

t.test('a retired token presented after the grace period revokes the whole session', async (t) => {
  const clock = movableClock()
  const { app } = await startIssuer(t, {}, { now: clock.now })
  const login = await signupAndLogin(app)
  const rotated = (await app.inject(refreshWith(login.refresh_token))).json()
  clock.advance(11_000)
  const reuse = await app.inject(refreshWith(login.refresh_token))
  t.equal(reuse.statusCode, 401)
  t.equal(reuse.json().code, 'invalid_refresh_token')
  t.equal((await app.inject(refreshWith(rotated.refresh_token))).statusCode, 401, 'the live chain is gone too')
  const sessions = await app.inject({ url: '/auth/sessions', headers: bearer(rotated.access_token) })
  t.equal(sessions.statusCode, 401, 'its access tokens are refused')
})

t.test('an older retired token revokes the session even within a later grace period', async (t) => {
  const { app } = await startIssuer(t)
  const login = await signupAndLogin(app)
  const second = (await app.inject(refreshWith(login.refresh_token))).json()
  const third = (await app.inject(refreshWith(second.refresh_token))).json()
  t.equal((await app.inject(refreshWith(login.refresh_token))).statusCode, 401)
  t.equal((await app.inject(refreshWith(third.refresh_token))).statusCode, 401)
})

t.test('the session ends with the refresh lifetime, counted from login', async (t) => {
  const { app } = await startIssuer(t, { REFRESH_TOKEN_TTL: '1s' })
  const login = await signupAndLogin(app, newAccount())
  t.equal(login.refresh_expires_in, 1)
  await new Promise((resolve) => setTimeout(resolve, 1100))
  t.equal((await app.inject(refreshWith(login.refresh_token))).statusCode, 401)
})
