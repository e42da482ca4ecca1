import t from 'tap'
import { StartupError } from '@authpair/errors'
import { buildIssuerApp } from '../src/app.js'
import { bearer, signupAndLogin, startIssuer, testIssuerConfig } from './helpers.js'

const ADMIN = { ADMIN_EMAIL: ' Root@Example.com ', ADMIN_PASSWORD: 'an admin secret' }

t.test('ADMIN_EMAIL/ADMIN_PASSWORD make sure an admin exists at start', async (t) => {
  const { app } = await startIssuer(t, ADMIN)
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'root@example.com', password: 'an admin secret' } })
  t.equal(login.statusCode, 200)
  t.same(login.json().user.roles, ['user', 'admin'])
})

t.test('an existing account whose password is ADMIN_PASSWORD becomes admin; its old sessions end', async (t) => {
  const { app, stores } = await startIssuer(t)
  const before = await signupAndLogin(app, { email: 'root@example.com', password: 'an admin secret' })
  const restarted = await buildIssuerApp(testIssuerConfig(stores, ADMIN), { logLevel: false })
  t.teardown(() => restarted.close())
  const login = await restarted.inject({ method: 'POST', url: '/auth/login', payload: { email: 'root@example.com', password: 'an admin secret' } })
  t.same(login.json().user.roles, ['user', 'admin'])
  t.equal((await restarted.inject({ url: '/auth/sessions', headers: bearer(before.access_token) })).statusCode, 401, 'a token of the old roles is refused')
  const again = await buildIssuerApp(testIssuerConfig(stores, ADMIN), { logLevel: false })
  t.teardown(() => again.close())
  const user = await again.stores.db.collection('users').findOne({ email: 'root@example.com' })
  t.same(user?.roles, ['user', 'admin'], 'a second start adds nothing')
})

t.test('issue 11: an account someone else signed up with ADMIN_EMAIL is not made admin, and the start says why', async (t) => {
  const { app, stores } = await startIssuer(t)
  await app.inject({ method: 'POST', url: '/auth/signup', payload: { email: 'root@example.com', password: 'the squatter secret' } })
  const error = await buildIssuerApp(testIssuerConfig(stores, ADMIN), { logLevel: false }).catch((e: unknown) => e)
  t.ok(error instanceof StartupError, 'the issuer refuses to start')
  t.match((error as Error).message, /ADMIN_EMAIL=root@example\.com/)
  t.match((error as Error).message, /ADMIN_PASSWORD is not its password/)
  const user = await app.stores.db.collection('users').findOne({ email: 'root@example.com' })
  t.same(user?.roles, ['user'], 'the squatter did not become admin')
})

t.test('an admin who changed their password still lets the issuer start with the old ADMIN_PASSWORD', async (t) => {
  const { app, stores } = await startIssuer(t, ADMIN)
  const admin = await signupAndLogin(app, { email: 'root@example.com', password: 'an admin secret' })
  const change = await app.inject({
    method: 'POST', url: '/auth/password', headers: bearer(admin.access_token),
    payload: { current_password: 'an admin secret', new_password: 'a newer admin secret' },
  })
  t.equal(change.statusCode, 204)
  const restarted = await buildIssuerApp(testIssuerConfig(stores, ADMIN), { logLevel: false })
  t.teardown(() => restarted.close())
  const login = await restarted.inject({ method: 'POST', url: '/auth/login', payload: { email: 'root@example.com', password: 'a newer admin secret' } })
  t.equal(login.statusCode, 200, 'the admin keeps the password they chose')
})
