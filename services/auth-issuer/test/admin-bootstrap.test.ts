import t from 'tap'
import { buildIssuerApp } from '../src/app.js'
import { startIssuer, testIssuerConfig } from './helpers.js'

const ADMIN = { ADMIN_EMAIL: ' Root@Example.com ', ADMIN_PASSWORD: 'an admin secret' }

t.test('ADMIN_EMAIL/ADMIN_PASSWORD make sure an admin exists at start', async (t) => {
  const { app } = await startIssuer(t, ADMIN)
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'root@example.com', password: 'an admin secret' } })
  t.equal(login.statusCode, 200)
  t.same(login.json().user.roles, ['user', 'admin'])
})

t.test('an existing account with that email gains the admin role and keeps its password', async (t) => {
  const { app, stores } = await startIssuer(t)
  await app.inject({ method: 'POST', url: '/auth/signup', payload: { email: 'root@example.com', password: 'my own secret' } })
  const restarted = await buildIssuerApp(testIssuerConfig(stores, ADMIN), { logLevel: false })
  t.teardown(() => restarted.close())
  const login = await restarted.inject({ method: 'POST', url: '/auth/login', payload: { email: 'root@example.com', password: 'my own secret' } })
  t.equal(login.statusCode, 200)
  t.same(login.json().user.roles, ['user', 'admin'])
  const again = await buildIssuerApp(testIssuerConfig(stores, ADMIN), { logLevel: false })
  t.teardown(() => again.close())
  const user = await again.stores.db.collection('users').findOne({ email: 'root@example.com' })
  t.same(user?.roles, ['user', 'admin'], 'a second start adds nothing')
})
