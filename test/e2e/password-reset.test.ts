// Issue 14: a password reset from the mail's link ends every session: the resource service refuses the old access
// token on the very next request.
import t from 'tap'
import { harnessMailpit, mailTestEnv, tokenFrom, waitForMail } from '../../services/auth-issuer/test/mail/mailpit.js'
import { login, meStatus, startPair } from './harness.js'

t.test('after a reset, the old access token is refused at the resource service on the very next request', async (t) => {
  const { issuer, resource } = await startPair(t, mailTestEnv())
  const account = { email: `reset-e2e.${process.pid}@example.com`, password: 'old password 1' }
  const session = await login(issuer, account)
  t.equal(await meStatus(resource, session.access), 200)
  t.equal((await issuer.inject({ method: 'POST', url: '/auth/password/forgot', payload: { email: account.email } })).statusCode, 202)
  const [mail] = await waitForMail(harnessMailpit().apiUrl, account.email, 1, 'Reset your password')
  const reset = await issuer.inject({ method: 'POST', url: '/auth/password/reset', payload: { token: tokenFrom(mail!), new_password: 'new password 1' } })
  t.equal(reset.statusCode, 204)
  t.equal(await meStatus(resource, session.access), 401)
})
