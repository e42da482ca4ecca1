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

t.test('GET /auth/verify: a role query that is empty, an array or unknown is 400, never a pass (issue 11)', async (t) => {
  const resource = await startResource(t)
  const token = await resource.validToken({ roles: ['user'] })
  for (const query of ['role[]=admin', 'role=', 'role=,', 'role=admin&role=user', 'roles=admin', 'x=1']) {
    const response = await resource.app.inject({ url: `/auth/verify?${query}`, headers: bearer(token) })
    t.equal(response.statusCode, 400, query)
    t.equal(response.json().code, 'validation_failed', query)
    t.notOk(response.headers['x-user-id'], `${query}: no identity headers`)
  }
  t.equal((await resource.app.inject({ url: '/auth/verify?role=user', headers: bearer(token) })).statusCode, 200)
  t.equal((await resource.app.inject({ url: '/me?debug=1', headers: bearer(token) })).statusCode, 400, 'other routes are strict too')
  const todo = await resource.app.inject({ method: 'POST', url: '/todos', headers: bearer(token), payload: { title: 'x', done: true } })
  t.equal(todo.statusCode, 400, 'an unknown body field')
})
