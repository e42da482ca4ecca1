import t from 'tap'
import { USER_ID, bearer, startResource } from './helpers.js'

t.test('GET /auth/verify: 200 with the identity headers for a valid token', async (t) => {
  const resource = await startResource(t)
  const sid = await resource.openSession()
  const token = await resource.mint({ sid, roles: ['user', 'admin'] })
  const response = await resource.app.inject({ url: '/auth/verify', headers: bearer(token) })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['x-user-id'], USER_ID)
  t.equal(response.headers['x-user-roles'], 'user,admin')
  t.equal(response.headers['x-session-id'], sid)
  t.equal(response.headers['cache-control'], 'no-store')
  const cookie = await resource.app.inject({ url: '/auth/verify', cookies: { access_token: token } })
  t.equal(cookie.statusCode, 200)
})

t.test('GET /auth/verify: 401 with a challenge otherwise, 403 for a missing ?role=', async (t) => {
  const resource = await startResource(t)
  const none = await resource.app.inject({ url: '/auth/verify' })
  t.equal(none.statusCode, 401)
  t.equal(none.headers['www-authenticate'], 'Bearer')
  t.notOk(none.headers['x-user-id'])
  const bad = await resource.app.inject({ url: '/auth/verify', headers: bearer('nope') })
  t.equal(bad.statusCode, 401)
  t.equal(bad.headers['www-authenticate'], 'Bearer error="invalid_token"')
  const token = await resource.validToken({ roles: ['user'] })
  const scoped = await resource.app.inject({ url: '/auth/verify?role=admin', headers: bearer(token) })
  t.equal(scoped.statusCode, 403)
  t.equal((await resource.app.inject({ url: '/auth/verify?role=admin,user', headers: bearer(token) })).statusCode, 200)
})
