import t from 'tap'
import { ADMIN, bearer, login, meStatus, startPair } from './harness.js'
import type { TokenPair } from '@authpair/contract'

t.test('logout: the very next request at the resource service is refused', async (t) => {
  const { issuer, resource } = await startPair(t)
  const session = await login(issuer)
  t.equal(await meStatus(resource, session.access), 200)
  t.equal((await issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(session.access) })).statusCode, 204)
  t.equal(await meStatus(resource, session.access), 401)
  const verify = await resource.inject({ url: '/auth/verify', headers: bearer(session.access) })
  t.equal(verify.statusCode, 401, 'forward-auth refuses it too')
})

t.test('logout-all: every session of the user is refused at once', async (t) => {
  const { issuer, resource } = await startPair(t)
  const account = { email: 'many@example.com', password: 'many sessions 1' }
  const sessions = [await login(issuer, account), await login(issuer, account), await login(issuer, account)]
  for (const s of sessions) t.equal(await meStatus(resource, s.access), 200)
  t.equal((await issuer.inject({ method: 'POST', url: '/auth/logout-all', headers: bearer(sessions[0]!.access) })).statusCode, 204)
  for (const s of sessions) t.equal(await meStatus(resource, s.access), 401)
})

t.test('password change: every other session is refused, the current one goes on', async (t) => {
  const { issuer, resource } = await startPair(t)
  const account = { email: 'pw@example.com', password: 'old password 1' }
  const other = await login(issuer, account)
  const current = await login(issuer, account)
  const response = await issuer.inject({
    method: 'POST',
    url: '/auth/password',
    headers: bearer(current.access),
    payload: { current_password: account.password, new_password: 'new password 2' },
  })
  t.equal(response.statusCode, 204)
  t.equal(await meStatus(resource, other.access), 401)
  t.equal(await meStatus(resource, current.access), 200)
})

t.test('session delete: the deleted session is refused, the caller\'s goes on', async (t) => {
  const { issuer, resource } = await startPair(t)
  const account = { email: 'del@example.com', password: 'delete me 123' }
  const phone = await login(issuer, account)
  const laptop = await login(issuer, account)
  const response = await issuer.inject({ method: 'DELETE', url: `/auth/sessions/${phone.sessionId}`, headers: bearer(laptop.access) })
  t.equal(response.statusCode, 204)
  t.equal(await meStatus(resource, phone.access), 401)
  t.equal(await meStatus(resource, laptop.access), 200)
})

t.test('refresh-token reuse: the whole session is refused at the resource service', async (t) => {
  const { issuer, resource } = await startPair(t, { REFRESH_REUSE_GRACE: '0s' })
  const session = await login(issuer)
  const rotated = await issuer.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: session.refresh } })
  const fresh = rotated.json<TokenPair>().access_token
  t.equal(await meStatus(resource, fresh), 200)
  await new Promise((resolve) => setTimeout(resolve, 5))
  const reuse = await issuer.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: session.refresh } })
  t.equal(reuse.statusCode, 401)
  t.equal(await meStatus(resource, fresh), 401)
  t.equal(await meStatus(resource, session.access), 401)
})

t.test('disabling a user: their sessions are refused at once', async (t) => {
  const { issuer, resource } = await startPair(t)
  const admin = await login(issuer, ADMIN)
  const victim = await login(issuer)
  t.equal(await meStatus(resource, victim.access), 200)
  const response = await issuer.inject({
    method: 'PATCH',
    url: `/admin/users/${victim.userId}`,
    headers: bearer(admin.access),
    payload: { disabled: true },
  })
  t.equal(response.statusCode, 200)
  t.equal(await meStatus(resource, victim.access), 401)
  t.equal(await meStatus(resource, admin.access), 200)
})

t.test('an admin token reaches /admin/ping; a user token does not', async (t) => {
  const { issuer, resource } = await startPair(t)
  const admin = await login(issuer, ADMIN)
  const user = await login(issuer)
  t.equal((await resource.inject({ url: '/admin/ping', headers: bearer(admin.access) })).statusCode, 200)
  t.equal((await resource.inject({ url: '/admin/ping', headers: bearer(user.access) })).statusCode, 403)
})
