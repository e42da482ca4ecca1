import t from 'tap'
import { bearer, newAccount, signupAndLogin, startIssuer } from './helpers.js'

t.test('a user deletes one of their own sessions; the others live on', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount()
  const phone = await signupAndLogin(app, account, 'phone')
  const laptop = await signupAndLogin(app, account, 'laptop')
  const response = await app.inject({ method: 'DELETE', url: `/auth/sessions/${phone.session_id}`, headers: bearer(laptop.access_token) })
  t.equal(response.statusCode, 204)
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(phone.access_token) })).statusCode, 401)
  const list = await app.inject({ url: '/auth/sessions', headers: bearer(laptop.access_token) })
  t.same(list.json().sessions.map((s: { user_agent: string }) => s.user_agent), ['laptop'])
})

t.test("another user's session and an unknown one are both 404 not_found", async (t) => {
  const { app } = await startIssuer(t)
  const mine = await signupAndLogin(app)
  const theirs = await signupAndLogin(app)
  for (const id of [theirs.session_id, 'A'.repeat(22)]) {
    const response = await app.inject({ method: 'DELETE', url: `/auth/sessions/${id}`, headers: bearer(mine.access_token) })
    t.equal(response.statusCode, 404)
    t.equal(response.json().code, 'not_found')
  }
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(theirs.access_token) })).statusCode, 200)
  const malformed = await app.inject({ method: 'DELETE', url: '/auth/sessions/not-an-id', headers: bearer(mine.access_token) })
  t.equal(malformed.statusCode, 400)
})

t.test('session routes need a token', async (t) => {
  const { app } = await startIssuer(t)
  const list = await app.inject({ url: '/auth/sessions' })
  t.equal(list.statusCode, 401)
  t.equal(list.headers['www-authenticate'], 'Bearer')
  const remove = await app.inject({ method: 'DELETE', url: `/auth/sessions/${'A'.repeat(22)}`, headers: bearer('x.y.z') })
  t.equal(remove.statusCode, 401)
  t.equal(remove.headers['www-authenticate'], 'Bearer error="invalid_token"')
})
