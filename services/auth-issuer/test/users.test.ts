import t, { type Test } from 'tap'
import { bearer, newAccount, signupAndLogin, startIssuer } from './helpers.js'

const ADMIN = { email: 'boss@example.com', password: 'the admin secret' }

async function setup(t: Test) {
  const { app } = await startIssuer(t, { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password })
  const admin = await signupAndLogin(app, ADMIN)
  return { app, admin }
}

t.test('GET /users/:id: one\'s own account, anyone\'s for an admin, 403 otherwise', async (t) => {
  const { app, admin } = await setup(t)
  const alice = await signupAndLogin(app)
  const bob = await signupAndLogin(app)
  const own = await app.inject({ url: `/users/${alice.user.id}`, headers: bearer(alice.access_token) })
  t.equal(own.statusCode, 200)
  t.equal(own.json().user.email, alice.user.email)
  t.notOk('password_hash' in own.json().user)
  const other = await app.inject({ url: `/users/${bob.user.id}`, headers: bearer(alice.access_token) })
  t.equal(other.statusCode, 403)
  t.equal(other.json().code, 'forbidden')
  t.equal((await app.inject({ url: `/users/${bob.user.id}`, headers: bearer(admin.access_token) })).statusCode, 200)
  const missing = await app.inject({ url: `/users/${'0'.repeat(24)}`, headers: bearer(admin.access_token) })
  t.equal(missing.statusCode, 404)
  t.equal((await app.inject({ url: '/users/not-an-id', headers: bearer(admin.access_token) })).statusCode, 400)
  t.equal((await app.inject({ url: `/users/${bob.user.id}` })).statusCode, 401)
})

t.test('GET /admin/users pages through users for admins only', async (t) => {
  const { app, admin } = await setup(t)
  const user = await signupAndLogin(app)
  for (let i = 0; i < 4; i++) await app.inject({ method: 'POST', url: '/auth/signup', payload: newAccount('many') })
  const first = await app.inject({ url: '/admin/users?page=1&per_page=2', headers: bearer(admin.access_token) })
  t.equal(first.statusCode, 200)
  t.match(first.json(), { total: 6, page: 1, per_page: 2 })
  t.equal(first.json().items.length, 2)
  const last = (await app.inject({ url: '/admin/users?page=3&per_page=2', headers: bearer(admin.access_token) })).json()
  t.equal(last.items.length, 2)
  const ids = new Set([...first.json().items, ...last.items].map((u: { id: string }) => u.id))
  t.equal(ids.size, 4, 'pages do not overlap')
  const defaults = (await app.inject({ url: '/admin/users', headers: bearer(admin.access_token) })).json()
  t.match(defaults, { page: 1, per_page: 20, total: 6 })
  for (const query of ['per_page=101', 'page=0', 'page=x', 'per_page=-1', 'sort=email']) {
    t.equal((await app.inject({ url: `/admin/users?${query}`, headers: bearer(admin.access_token) })).statusCode, 400, query)
  }
  const forbidden = await app.inject({ url: '/admin/users', headers: bearer(user.access_token) })
  t.equal(forbidden.statusCode, 403)
  // issue 11: the contract says `forbidden` for the issuer's admin routes (the resource service keeps insufficient_scope).
  t.equal(forbidden.json().code, 'forbidden')
  t.notOk(forbidden.headers['www-authenticate'], 'not a bearer-token challenge: the token is fine, the role is not')
  const patch = await app.inject({ method: 'PATCH', url: `/admin/users/${user.user.id}`, headers: bearer(user.access_token), payload: { roles: ['user', 'admin'] } })
  t.equal(patch.statusCode, 403)
  t.equal(patch.json().code, 'forbidden')
  t.equal((await app.inject({ url: '/admin/users' })).statusCode, 401)
})

t.test('PATCH /admin/users/:id disables a user: every session ends at once, login is refused', async (t) => {
  const { app, admin } = await setup(t)
  const account = newAccount()
  const one = await signupAndLogin(app, account)
  const two = await signupAndLogin(app, account)
  const response = await app.inject({
    method: 'PATCH',
    url: `/admin/users/${one.user.id}`,
    headers: bearer(admin.access_token),
    payload: { disabled: true },
  })
  t.equal(response.statusCode, 200)
  t.equal(response.json().user.disabled, true)
  for (const login of [one, two]) {
    t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(login.access_token) })).statusCode, 401)
  }
  t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: account })).statusCode, 403)
  const enable = await app.inject({
    method: 'PATCH',
    url: `/admin/users/${one.user.id}`,
    headers: bearer(admin.access_token),
    payload: { disabled: false },
  })
  t.equal(enable.json().user.disabled, false)
  t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: account })).statusCode, 200)
})

t.test('PATCH roles: new roles apply from the next login, old tokens end with the change', async (t) => {
  const { app, admin } = await setup(t)
  const account = newAccount()
  const before = await signupAndLogin(app, account)
  const response = await app.inject({
    method: 'PATCH',
    url: `/admin/users/${before.user.id}`,
    headers: bearer(admin.access_token),
    payload: { roles: ['user', 'admin'] },
  })
  t.same(response.json().user.roles, ['user', 'admin'])
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(before.access_token) })).statusCode, 401)
  const after = await signupAndLogin(app, account)
  t.same(after.user.roles, ['user', 'admin'])
  t.equal((await app.inject({ url: '/admin/users', headers: bearer(after.access_token) })).statusCode, 200)
  const same = await app.inject({
    method: 'PATCH',
    url: `/admin/users/${before.user.id}`,
    headers: bearer(admin.access_token),
    payload: { roles: ['admin', 'user'] },
  })
  t.equal(same.statusCode, 200)
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(after.access_token) })).statusCode, 200, 'the same roles end nothing')
})

t.test('PATCH refuses bad bodies, unknown users, non-admins and self-lockout', async (t) => {
  const { app, admin } = await setup(t)
  const user = await signupAndLogin(app)
  const patch = (id: string, payload: object, token = admin.access_token) =>
    app.inject({ method: 'PATCH', url: `/admin/users/${id}`, headers: bearer(token), payload })
  for (const payload of [{}, { roles: 'admin' }, { roles: [] }, { roles: ['Admin!'] }, { disabled: 'yes' }, { email: 'x@y.z' }]) {
    t.equal((await patch(user.user.id, payload)).statusCode, 400, JSON.stringify(payload))
  }
  t.equal((await patch('0'.repeat(24), { disabled: true })).statusCode, 404)
  t.equal((await patch(user.user.id, { disabled: true }, user.access_token)).statusCode, 403)
  const self = await patch(admin.user.id, { disabled: true })
  t.equal(self.statusCode, 403)
  t.equal(self.json().code, 'forbidden')
  t.equal((await patch(admin.user.id, { roles: ['user'] })).statusCode, 403)
  t.equal((await app.inject({ url: '/admin/users', headers: bearer(admin.access_token) })).statusCode, 200)
})
