import t from 'tap'
import { bearer, newAccount, signupAndLogin, startIssuer } from './helpers.js'

function clearedCookies(response: { cookies: { name: string; value: string; maxAge?: number; expires?: Date }[] }) {
  return response.cookies
    .filter((c) => c.value === '' && (c.maxAge === 0 || (c.expires !== undefined && c.expires.getTime() <= Date.now())))
    .map((c) => c.name)
    .sort()
}

t.test('logout with the bearer token ends the session and clears the three cookies', async (t) => {
  const { app } = await startIssuer(t)
  const login = await signupAndLogin(app)
  const response = await app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(login.access_token) })
  t.equal(response.statusCode, 204)
  t.same(clearedCookies(response), ['access_token', 'logged_in', 'refresh_token'])
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(login.access_token) })).statusCode, 401)
  const refresh = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: login.refresh_token } })
  t.equal(refresh.statusCode, 401)
})

t.test('logout again with the same correctly signed token is still 204', async (t) => {
  const { app } = await startIssuer(t)
  const login = await signupAndLogin(app)
  await app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(login.access_token) })
  const again = await app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(login.access_token) })
  t.equal(again.statusCode, 204)
})

t.test('logout with the access_token cookie', async (t) => {
  const { app } = await startIssuer(t)
  const login = await signupAndLogin(app)
  const response = await app.inject({ method: 'POST', url: '/auth/logout', cookies: { access_token: login.access_token } })
  t.equal(response.statusCode, 204)
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(login.access_token) })).statusCode, 401)
})

t.test('logout with the refresh token in the body or the cookie', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount()
  for (const how of ['body', 'cookie'] as const) {
    const login = await signupAndLogin(app, account)
    const response = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      ...(how === 'body' ? { payload: { refresh_token: login.refresh_token } } : { cookies: { refresh_token: login.refresh_token } }),
    })
    t.equal(response.statusCode, 204, how)
    t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(login.access_token) })).statusCode, 401, how)
  }
})

t.test('logout without a token, or with one this issuer did not issue, is 401 invalid_token', async (t) => {
  const { app } = await startIssuer(t)
  const login = await signupAndLogin(app)
  const none = await app.inject({ method: 'POST', url: '/auth/logout' })
  t.equal(none.statusCode, 401)
  t.equal(none.json().code, 'invalid_token')
  t.equal(none.headers['www-authenticate'], 'Bearer')
  const [header, payload] = login.access_token.split('.')
  for (const token of [`${header}.${payload}.${'A'.repeat(342)}`, 'garbage']) {
    const response = await app.inject({ method: 'POST', url: '/auth/logout', headers: bearer(token) })
    t.equal(response.statusCode, 401)
    t.equal(response.json().code, 'invalid_token')
  }
  const forgedRefresh = `${login.session_id}.${'A'.repeat(43)}`
  const response = await app.inject({ method: 'POST', url: '/auth/logout', payload: { refresh_token: forgedRefresh } })
  t.equal(response.statusCode, 401, 'a made-up refresh token naming a real session does not end it')
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(login.access_token) })).statusCode, 200)
})

t.test('logout-all ends every session of the user, and only theirs', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount()
  const first = await signupAndLogin(app, account)
  const second = await signupAndLogin(app, account)
  const other = await signupAndLogin(app)
  t.equal((await app.inject({ method: 'POST', url: '/auth/logout-all', headers: bearer(first.access_token) })).statusCode, 204)
  for (const login of [first, second]) {
    t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(login.access_token) })).statusCode, 401)
    const refresh = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: login.refresh_token } })
    t.equal(refresh.statusCode, 401)
  }
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(other.access_token) })).statusCode, 200)
  t.equal((await app.inject({ method: 'POST', url: '/auth/logout-all' })).statusCode, 401)
})
