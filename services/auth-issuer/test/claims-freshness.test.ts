// Issue 11: no refresh or login may sign a claim (roles, email, disabled) that MongoDB no longer holds.
import t, { type Test } from 'tap'
import { decodeJwt } from 'jose'
import { withUserChange } from '../src/domain/user-change.js'
import { bearer, signupAndLogin, startIssuer, type LoginBody } from './helpers.js'

const ADMIN = { email: 'boss@example.com', password: 'the admin secret' }

async function setup(t: Test) {
  const issuer = await startIssuer(t, { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password })
  const admin = await signupAndLogin(issuer.app, ADMIN)
  return { ...issuer, admin }
}

type Setup = Awaited<ReturnType<typeof setup>>

const rolesOf = (body: { access_token: string }) => decodeJwt(body.access_token)['roles']

async function refresh({ app }: Setup, body: { refresh_token: string }) {
  const response = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: body.refresh_token } })
  return { status: response.statusCode, body: response.json<LoginBody>() }
}

async function patchUser({ app, admin }: Setup, id: string, changes: object) {
  const response = await app.inject({ method: 'PATCH', url: `/admin/users/${id}`, headers: bearer(admin.access_token), payload: changes })
  if (response.statusCode !== 200) throw new Error(`PATCH failed: ${response.statusCode} ${response.body}`)
}

async function login({ app }: Setup, account: { email: string; password: string }) {
  const response = await app.inject({ method: 'POST', url: '/auth/login', payload: account })
  return { status: response.statusCode, body: response.json<LoginBody>() }
}

t.test('promote, refresh, demote, log in again, refresh: no admin role comes back', async (t) => {
  const s = await setup(t)
  const account = { email: 'mallory@example.com', password: 'correct horse battery' }
  const first = await signupAndLogin(s.app, account)
  await patchUser(s, first.user.id, { roles: ['user', 'admin'] })
  const promoted = (await login(s, account)).body
  t.same(rolesOf((await refresh(s, promoted)).body), ['user', 'admin'], 'the promotion is signed')
  await patchUser(s, first.user.id, { roles: ['user'] })
  const demoted = (await login(s, account)).body
  t.same(rolesOf(demoted), ['user'])
  const refreshed = await refresh(s, demoted)
  t.equal(refreshed.status, 200)
  t.same(rolesOf(refreshed.body), ['user'], 'the refresh signs what MongoDB holds')
  t.same(refreshed.body.user.roles, ['user'])
  const admin = await s.app.inject({ url: '/admin/users', headers: bearer(refreshed.body.access_token) })
  t.equal(admin.statusCode, 403)
})

t.test('disable, enable, log in again, refresh: the body and token say what MongoDB holds', async (t) => {
  const s = await setup(t)
  const account = { email: 'dora@example.com', password: 'correct horse battery' }
  const first = await signupAndLogin(s.app, account)
  t.equal((await refresh(s, first)).status, 200)
  await patchUser(s, first.user.id, { disabled: true })
  t.equal((await login(s, account)).status, 403, 'a disabled account cannot log in')
  await patchUser(s, first.user.id, { disabled: false })
  const again = (await login(s, account)).body
  const refreshed = await refresh(s, again)
  t.equal(refreshed.status, 200)
  t.equal(refreshed.body.user.email, account.email)
  t.same(rolesOf(refreshed.body), ['user'])
})

t.test('a change that keeps sessions (an email change) reaches the very next refresh', async (t) => {
  const s = await setup(t)
  const first = await signupAndLogin(s.app, { email: 'old@example.com', password: 'correct horse battery' })
  const warm = (await refresh(s, first)).body
  t.equal(decodeJwt(warm.access_token)['email'], 'old@example.com')
  await withUserChange(s.app.issuer, { userId: first.user.id, endSessions: false }, async () => {
    const user = await s.app.issuer.users.update(first.user.id, { email: 'new@example.com' }, new Date())
    if (!user) throw new Error('no such user')
    return user
  })
  const next = await refresh(s, warm)
  t.equal(next.status, 200)
  t.equal(decodeJwt(next.body.access_token)['email'], 'new@example.com', 'the token carries the new email')
  t.equal(next.body.user.email, 'new@example.com')
})

t.test('a demotion written while a login checks the password: the login signs what MongoDB holds', async (t) => {
  const s = await setup(t)
  const account = { email: 'racer@example.com', password: 'correct horse battery' }
  const first = await signupAndLogin(s.app, account)
  await patchUser(s, first.user.id, { roles: ['user', 'admin'] })
  // Hold the login inside its password check while the demotion is written.
  const passwords = s.app.issuer.passwords
  let entered!: () => void
  const inCheck = new Promise<void>((resolve) => (entered = resolve))
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  s.app.issuer.passwords = {
    ...passwords,
    verify: async (password, hash) => {
      entered()
      await gate
      return passwords.verify(password, hash)
    },
  }
  const racing = login(s, account)
  await inCheck
  s.app.issuer.passwords = passwords
  await patchUser(s, first.user.id, { roles: ['user'] })
  release()
  const raced = await racing
  t.equal(raced.status, 200)
  t.same(rolesOf(raced.body), ['user'], 'the login read the user again once its session existed')
  const refreshed = await refresh(s, raced.body)
  t.same(rolesOf(refreshed.body), ['user'])
})

t.test('a password changed while a login checks the old one: the login is refused', async (t) => {
  const s = await setup(t)
  const account = { email: 'victim@example.com', password: 'correct horse battery' }
  const first = await signupAndLogin(s.app, account)
  const passwords = s.app.issuer.passwords
  let entered!: () => void
  const inCheck = new Promise<void>((resolve) => (entered = resolve))
  let release!: () => void
  const gate = new Promise<void>((resolve) => (release = resolve))
  s.app.issuer.passwords = { ...passwords, verify: async (p, h) => (entered(), await gate, passwords.verify(p, h)) }
  const racing = login(s, account)
  await inCheck
  s.app.issuer.passwords = passwords
  const change = await s.app.inject({
    method: 'POST', url: '/auth/password', headers: bearer(first.access_token),
    payload: { current_password: account.password, new_password: 'a brand new password' },
  })
  t.equal(change.statusCode, 204)
  release()
  t.equal((await racing).status, 401)
})
