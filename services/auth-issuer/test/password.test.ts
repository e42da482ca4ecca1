import t from 'tap'
import { bearer, newAccount, signupAndLogin, startIssuer } from './helpers.js'

t.test('a password change keeps the current session, ends the others, and takes the new password', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount()
  const other = await signupAndLogin(app, account)
  const current = await signupAndLogin(app, account)
  const response = await app.inject({
    method: 'POST',
    url: '/auth/password',
    headers: bearer(current.access_token),
    payload: { current_password: account.password, new_password: 'a brand new secret' },
  })
  t.equal(response.statusCode, 204)
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(current.access_token) })).statusCode, 200)
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(other.access_token) })).statusCode, 401)
  const oldLogin = await app.inject({ method: 'POST', url: '/auth/login', payload: account })
  t.equal(oldLogin.statusCode, 401)
  const newLogin = await app.inject({ method: 'POST', url: '/auth/login', payload: { ...account, password: 'a brand new secret' } })
  t.equal(newLogin.statusCode, 200)
})

t.test('a wrong current password is 401 invalid_credentials and changes nothing', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount()
  const other = await signupAndLogin(app, account)
  const current = await signupAndLogin(app, account)
  const response = await app.inject({
    method: 'POST',
    url: '/auth/password',
    headers: bearer(current.access_token),
    payload: { current_password: 'not my password', new_password: 'a brand new secret' },
  })
  t.equal(response.statusCode, 401)
  t.equal(response.json().code, 'invalid_credentials')
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(other.access_token) })).statusCode, 200)
})

t.test('a new password outside 8..72 UTF-8 bytes is 400', async (t) => {
  const { app } = await startIssuer(t)
  const account = newAccount()
  const login = await signupAndLogin(app, account)
  for (const new_password of ['short', 'é'.repeat(37), '']) {
    const response = await app.inject({
      method: 'POST',
      url: '/auth/password',
      headers: bearer(login.access_token),
      payload: { current_password: account.password, new_password },
    })
    t.equal(response.statusCode, 400, `${Buffer.byteLength(new_password)} bytes`)
    t.equal(response.json().code, 'validation_failed')
  }
})

t.test('a password change needs a token', async (t) => {
  const { app } = await startIssuer(t)
  const response = await app.inject({
    method: 'POST',
    url: '/auth/password',
    payload: { current_password: 'whatever1', new_password: 'whatever2' },
  })
  t.equal(response.statusCode, 401)
})
