// Issue 12, item 9: GET /auth/verify as a service of its own (no MongoDB), for gateways in front of any upstream.
import t from 'tap'
import { USER_ID, bearer, startForwardAuth } from './helpers.js'

t.test('GET /auth/verify: 200 with the identity headers, by bearer token or access_token cookie', async (t) => {
  const service = await startForwardAuth(t)
  const sid = await service.openSession()
  const token = await service.mint({ sid, roles: ['user', 'admin'] })
  const response = await service.app.inject({ url: '/auth/verify', headers: bearer(token) })
  t.equal(response.statusCode, 200)
  t.match(response.headers, { 'x-user-id': USER_ID, 'x-user-roles': 'user,admin', 'x-session-id': sid, 'cache-control': 'no-store' })
  const byCookie = await service.app.inject({ url: '/auth/verify', cookies: { access_token: token } })
  t.equal(byCookie.statusCode, 200)
  t.equal(byCookie.headers['x-user-id'], USER_ID)
})

t.test('GET /auth/verify: 401 with a challenge, 403 for a missing ?role=, 400 for a malformed one', async (t) => {
  const service = await startForwardAuth(t)
  const none = await service.app.inject({ url: '/auth/verify' })
  t.equal(none.statusCode, 401)
  t.equal(none.headers['www-authenticate'], 'Bearer')
  t.match(none.json(), { statusCode: 401, error: 'Unauthorized', code: 'invalid_token', message: String })
  t.notOk(none.headers['x-user-id'])
  const bad = await service.app.inject({ url: '/auth/verify', headers: bearer('not.a.jwt') })
  t.equal(bad.statusCode, 401)
  t.equal(bad.headers['www-authenticate'], 'Bearer error="invalid_token"')
  const token = await service.validToken({ roles: ['user'] })
  const scoped = await service.app.inject({ url: '/auth/verify?role=admin', headers: bearer(token) })
  t.equal(scoped.statusCode, 403)
  t.match(scoped.headers['www-authenticate'], /^Bearer error="insufficient_scope"/)
  t.equal(scoped.json().code, 'insufficient_scope')
  t.equal((await service.app.inject({ url: '/auth/verify?role=admin,user', headers: bearer(token) })).statusCode, 200)
  const malformed = await service.app.inject({ url: '/auth/verify?role[]=admin', headers: bearer(token) })
  t.equal(malformed.statusCode, 400)
  t.equal(malformed.json().code, 'validation_failed')
})

for (const mode of ['tracked', 'strict'] as const) {
  t.test(`${mode}: a logout is refused on the very next request`, async (t) => {
    const service = await startForwardAuth(t, { VERIFY_MODE: mode })
    const sid = await service.openSession()
    const token = await service.mint({ sid })
    t.equal((await service.app.inject({ url: '/auth/verify', headers: bearer(token) })).statusCode, 200)
    await service.logout(sid)
    const after = await service.app.inject({ url: '/auth/verify', headers: bearer(token) })
    t.equal(after.statusCode, 401)
    t.equal(after.headers['www-authenticate'], 'Bearer error="invalid_token"')
    t.notOk(after.headers['x-user-id'])
  })
}

t.test('only /auth/verify, /healthz, /readyz and /metrics: no resource routes, no docs', async (t) => {
  const service = await startForwardAuth(t)
  const token = await service.validToken()
  for (const url of ['/me', '/todos', '/admin/ping', '/docs', '/openapi.json']) {
    const response = await service.app.inject({ url, headers: bearer(token) })
    t.equal(response.statusCode, 404, url)
    t.equal(response.json().code, 'not_found', url)
  }
  t.equal((await service.app.inject({ url: '/healthz' })).statusCode, 200)
  t.equal((await service.app.inject({ url: '/readyz' })).statusCode, 200)
  await service.app.inject({ url: '/auth/verify', headers: bearer(token) })
  const metrics = await service.app.inject({ url: '/metrics' })
  t.equal(metrics.statusCode, 200)
  t.match(metrics.body, /verifier_session_lookups_total/)
  t.match(metrics.body, /jwks_fetches_total\{outcome="ok"\} 1/)
})

t.test('/metrics counts the heartbeats that prove remembered sessions fresh: the Redis work a verifier adds', async (t) => {
  const service = await startForwardAuth(t)
  const token = await service.validToken()
  const heartbeats = async () => Number(/^verifier_heartbeats_total (\d+)$/m.exec((await service.app.inject({ url: '/metrics' })).body)?.[1])
  await service.app.inject({ url: '/auth/verify', headers: bearer(token) })
  const before = await heartbeats()
  const answers = await Promise.all(Array.from({ length: 3 }, () => service.app.inject({ url: '/auth/verify', headers: bearer(token) })))
  t.same(answers.map((answer) => answer.statusCode), [200, 200, 200])
  t.ok(Number.isInteger(before), 'the counter is there')
  t.ok((await heartbeats()) > before, 'remembered answers waited for a heartbeat, and it was counted')
})
