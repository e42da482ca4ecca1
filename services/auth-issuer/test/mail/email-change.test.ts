// Issue 14: an email change needs the password, is confirmed from the new address, and ends the other sessions.
import t from 'tap'
import { bearer, newAccount, signupAndLogin, startIssuer } from '../helpers.js'
import { harnessMailpit, mailTestEnv, tokenFrom, waitForMail } from './mailpit.js'

const { apiUrl } = harnessMailpit()
const code = (response: { json: <T>() => T }) => response.json<{ code: string }>().code

t.test('change: confirmation to the new address, notice to the old; confirming changes it and ends the other sessions', async (t) => {
  const { app } = await startIssuer(t, mailTestEnv())
  const account = newAccount('change')
  const other = await signupAndLogin(app, account)
  const current = await signupAndLogin(app, account)
  const [verify] = await waitForMail(apiUrl, account.email, 1, 'Verify your email address')
  const newEmail = newAccount('changed').email
  const change = (payload: object) => app.inject({ method: 'POST', url: '/auth/email/change', headers: bearer(current.access_token), payload })
  const wrong = await change({ new_email: newEmail, current_password: 'not the password' })
  t.equal(wrong.statusCode, 401)
  t.equal(code(wrong), 'invalid_credentials')
  t.equal(code(await change({ new_email: account.email, current_password: account.password })), 'email_taken')
  t.equal((await change({ new_email: newEmail, current_password: account.password })).statusCode, 202)
  const [confirm] = await waitForMail(apiUrl, newEmail, 1, 'Confirm your new email address')
  const [notice] = await waitForMail(apiUrl, account.email, 1, 'Your email address is being changed')
  t.match(notice!.Text, newEmail, 'the old address is told where it goes')
  t.match(confirm!.Text, /\/confirm-email-change#token=/)
  const confirmed = await app.inject({ method: 'POST', url: '/auth/email/change/confirm', payload: { token: tokenFrom(confirm!) } })
  t.equal(confirmed.statusCode, 204)
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(other.access_token) })).statusCode, 401, 'the other session ended')
  const me = await app.inject({ url: `/users/${current.user.id}`, headers: bearer(current.access_token) })
  t.match(me.json(), { user: { email: newEmail, email_verified: true } }, 'the asking session goes on; the new address is verified')
  const stale = await app.inject({ method: 'POST', url: '/auth/email/verify', payload: { token: tokenFrom(verify!) } })
  t.equal(code(stale), 'invalid_email_token', 'a verification link for the old address is dead')
})

t.test('an address taken meanwhile: confirm is 409 email_taken', async (t) => {
  const { app } = await startIssuer(t, mailTestEnv())
  const account = newAccount('race')
  const session = await signupAndLogin(app, account)
  const wanted = newAccount('wanted')
  const asked = await app.inject({ method: 'POST', url: '/auth/email/change', headers: bearer(session.access_token), payload: { new_email: wanted.email, current_password: account.password } })
  t.equal(asked.statusCode, 202)
  const [confirm] = await waitForMail(apiUrl, wanted.email, 1, 'Confirm your new email address')
  t.equal((await app.inject({ method: 'POST', url: '/auth/signup', payload: wanted })).statusCode, 201)
  const confirmed = await app.inject({ method: 'POST', url: '/auth/email/change/confirm', payload: { token: tokenFrom(confirm!) } })
  t.equal(confirmed.statusCode, 409)
  t.equal(code(confirmed), 'email_taken')
})
