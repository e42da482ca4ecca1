import t from 'tap'
import { bearer, newAccount, signupAndLogin, startIssuer } from './helpers.js'

const ADMIN = { email: 'cache-admin@example.com', password: 'the admin secret' }

// issue 11: personal data went out with no Cache-Control at all.
t.test('personal data and every authenticated answer say Cache-Control: no-store; token responses add Pragma', async (t) => {
  const { app } = await startIssuer(t, { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password })
  const admin = await signupAndLogin(app, ADMIN)
  const account = newAccount()
  const user = await signupAndLogin(app, account)
  const personal = [
    ['/auth/sessions', user.access_token],
    [`/users/${user.user.id}`, user.access_token],
    ['/admin/users', admin.access_token],
    ['/admin/users', user.access_token],
    ['/auth/sessions', 'not-a-token'],
  ] as const
  for (const [url, token] of personal) {
    const response = await app.inject({ url, headers: bearer(token) })
    t.equal(response.headers['cache-control'], 'no-store', `GET ${url} (${response.statusCode})`)
  }
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: account })
  const refresh = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: login.json().refresh_token } })
  for (const [name, response] of [['login', login], ['refresh', refresh]] as const) {
    t.equal(response.statusCode, 200, name)
    t.equal(response.headers['cache-control'], 'no-store', `${name}: no-store (RFC 6749 section 5.1)`)
    t.equal(response.headers.pragma, 'no-cache', `${name}: Pragma: no-cache`)
  }
  t.equal((await app.inject({ url: '/.well-known/jwks.json' })).headers['cache-control'], 'public, max-age=300', 'public keys stay cacheable')
})
