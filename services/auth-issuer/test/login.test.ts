import t from 'tap'
import { bearer, newAccount, signupAndLogin, startIssuer } from './helpers.js'

t.test('login returns the token body and the three cookies with the contract attributes', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount()
  await app.inject({ method: 'POST', url: '/auth/signup', payload: account })
  const response = await app.inject({ method: 'POST', url: '/auth/login', payload: account })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['cache-control'], 'no-store')
  const body = response.json()
  t.equal(body.token_type, 'Bearer')
  t.equal(body.expires_in, 900)
  t.equal(body.refresh_expires_in, 7 * 24 * 3600)
  // Layout 2 (issue 15): <user id, base64url>~<session id>~<secret>; no dot, so nothing takes it for a JWT.
  t.match(body.refresh_token, /^[A-Za-z0-9_-]+~[A-Za-z0-9_-]{22}~[A-Za-z0-9_-]{43}$/)
  t.notMatch(body.refresh_token, /\./, 'the refresh token is opaque, not a JWT')
  t.equal(body.session_id, body.refresh_token.split('~')[1])
  t.equal(body.user.email, account.email)

  const cookies = Object.fromEntries(response.cookies.map((c) => [c.name, c]))
  t.match(cookies.access_token, { value: body.access_token, httpOnly: true, sameSite: 'Lax', path: '/', secure: true, maxAge: 900 })
  t.match(cookies.refresh_token, { value: body.refresh_token, httpOnly: true, sameSite: 'Strict', path: '/auth', secure: true })
  t.match(cookies.logged_in, { value: 'true', sameSite: 'Lax', path: '/', secure: true })
  t.notOk(cookies.logged_in?.httpOnly, 'logged_in is readable by scripts')
})

t.test('COOKIE_SECURE=false drops Secure (plain-http local use)', async (t) => {
  const { app } = await startIssuer(t, { COOKIE_SECURE: 'false' })
  const account = newAccount()
  await app.inject({ method: 'POST', url: '/auth/signup', payload: account })
  const response = await app.inject({ method: 'POST', url: '/auth/login', payload: account })
  t.ok(response.cookies.every((cookie) => !cookie.secure))
})

t.test('an unknown email and a wrong password get the same 401 body', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount()
  await app.inject({ method: 'POST', url: '/auth/signup', payload: account })
  const wrong = await app.inject({ method: 'POST', url: '/auth/login', payload: { ...account, password: 'wrong password' } })
  const unknown = await app.inject({ method: 'POST', url: '/auth/login', payload: { ...newAccount(), password: 'whatever123' } })
  t.equal(wrong.statusCode, 401)
  t.equal(unknown.statusCode, 401)
  t.same(wrong.json(), unknown.json())
  t.equal(wrong.json().code, 'invalid_credentials')
  t.notOk(wrong.headers['set-cookie'])
})

t.test('a password longer than 72 bytes never matches, even if its first 72 bytes do', async (t) => {
  const { app } = await startIssuer(t)
  const password = 'p'.repeat(72)
  const account = { email: newAccount().email, password }
  t.equal((await app.inject({ method: 'POST', url: '/auth/signup', payload: account })).statusCode, 201)
  const longer = await app.inject({ method: 'POST', url: '/auth/login', payload: { ...account, password: `${password}extra` } })
  t.equal(longer.statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: account })).statusCode, 200)
})

t.test('a disabled account gets 403 account_disabled, only with the right password', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount()
  await app.inject({ method: 'POST', url: '/auth/signup', payload: account })
  await app.stores.db.collection('users').updateOne({ email: account.email }, { $set: { disabled: true } })
  const right = await app.inject({ method: 'POST', url: '/auth/login', payload: account })
  t.equal(right.statusCode, 403)
  t.equal(right.json().code, 'account_disabled')
  const wrong = await app.inject({ method: 'POST', url: '/auth/login', payload: { ...account, password: 'not it at all' } })
  t.equal(wrong.statusCode, 401)
})

t.test('login email is matched after trimming and lowercasing', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount()
  await app.inject({ method: 'POST', url: '/auth/signup', payload: account })
  const response = await app.inject({
    method: 'POST',
    url: '/auth/login',
    payload: { ...account, email: `  ${account.email.toUpperCase()}` },
  })
  t.equal(response.statusCode, 200)
})

t.test('each login is its own session, listed with user agent and ip', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount()
  const first = await signupAndLogin(app, account, 'browser-one')
  const second = await signupAndLogin(app, account, 'browser-two')
  t.not(first.session_id, second.session_id)
  const list = await app.inject({ url: '/auth/sessions', headers: bearer(second.access_token) })
  t.equal(list.statusCode, 200)
  const sessions = list.json().sessions
  t.same(sessions.map((s: { user_agent: string }) => s.user_agent), ['browser-one', 'browser-two'])
  t.same(sessions.map((s: { current: boolean }) => s.current), [false, true])
  t.equal(sessions[0].ip, '127.0.0.1')
  t.ok(Date.parse(sessions[0].last_used_at) >= Date.parse(sessions[0].created_at))
})
