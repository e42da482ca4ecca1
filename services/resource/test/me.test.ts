import t from 'tap'
import { USER_ID, bearer, startResource } from './helpers.js'

t.test('GET /me answers with the principal of a valid token', async (t) => {
  const resource = await startResource(t)
  const sid = await resource.openSession()
  const token = await resource.mint({ sid, roles: ['user', 'editor'] })
  const response = await resource.app.inject({ url: '/me', headers: bearer(token) })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { sub: USER_ID, sid, email: 'ada@example.com', roles: ['user', 'editor'] })
})

t.test('the token may come in the access_token cookie; the header wins over it', async (t) => {
  const resource = await startResource(t)
  const token = await resource.validToken()
  t.equal((await resource.app.inject({ url: '/me', cookies: { access_token: token } })).statusCode, 200)
  const both = await resource.app.inject({ url: '/me', headers: bearer('garbage'), cookies: { access_token: token } })
  t.equal(both.statusCode, 401)
  const scheme = await resource.app.inject({ url: '/me', headers: { authorization: `bearer   ${token}` } })
  t.equal(scheme.statusCode, 200, 'the scheme is case-insensitive and may be followed by several spaces')
})

t.test('GET /admin/ping needs role admin: 403 insufficient_scope without it', async (t) => {
  const resource = await startResource(t)
  const user = await resource.validToken({ roles: ['user'] })
  const refused = await resource.app.inject({ url: '/admin/ping', headers: bearer(user) })
  t.equal(refused.statusCode, 403)
  t.equal(refused.json().code, 'insufficient_scope')
  t.equal(refused.headers['www-authenticate'], 'Bearer error="insufficient_scope", scope="admin"')
  const admin = await resource.validToken({ roles: ['user', 'admin'] })
  const allowed = await resource.app.inject({ url: '/admin/ping', headers: bearer(admin) })
  t.equal(allowed.statusCode, 200)
  t.same(allowed.json(), { ok: true })
})

t.test('health routes need no token; readyz needs the JWKS loaded', async (t) => {
  const resource = await startResource(t)
  t.equal((await resource.app.inject({ url: '/healthz' })).statusCode, 200)
  t.equal((await resource.app.inject({ url: '/readyz' })).statusCode, 200)
})

t.test('readyz is 503 until the issuer\'s keys were loaded once', async (t) => {
  const resource = await startResource(t, { JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json' })
  const response = await resource.app.inject({ url: '/readyz' })
  t.equal(response.statusCode, 503)
  t.equal(response.json().code, 'unavailable')
  t.match(response.json().message, /jwks/)
})

t.test('answers about the caller are never stored by a cache (issue 11)', async (t) => {
  const resource = await startResource(t)
  const token = await resource.validToken()
  for (const url of ['/me', '/todos']) {
    t.equal((await resource.app.inject({ url, headers: bearer(token) })).headers['cache-control'], 'no-store', url)
  }
  t.equal((await resource.app.inject({ url: '/me' })).headers['cache-control'], 'no-store', 'a 401 too')
})
