// Issue 14: password reset from the mail's link; no account enumeration; tokens single use and short lived.
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { bearer, newAccount, signupAndLogin, startIssuer } from '../helpers.js'
import { harnessMailpit, mailTestEnv, messagesTo, tokenFrom, waitForMail } from './mailpit.js'

const { apiUrl } = harnessMailpit()
const NEW_PASSWORD = 'a brand new password'
const RESET = 'Reset your password'

t.test('forgot, then reset from the link: new password set, every session ends, the lockout is cleared', async (t) => {
  const { app } = await startIssuer(t, mailTestEnv({ LOGIN_MAX_ATTEMPTS: '2' }))
  const account = newAccount('reset')
  const session = await signupAndLogin(app, account)
  for (let i = 0; i < 3; i++) await app.inject({ method: 'POST', url: '/auth/login', payload: { ...account, password: 'wrong password' } })
  t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: account })).statusCode, 429, 'locked out')
  const forgot = await app.inject({ method: 'POST', url: '/auth/password/forgot', payload: { email: account.email } })
  t.equal(forgot.statusCode, 202)
  t.same(forgot.json(), {})
  const [mail] = await waitForMail(apiUrl, account.email, 1, RESET)
  t.ok(mail, 'a reset mail')
  t.match(mail!.Text, /\/reset-password#token=[A-Za-z0-9_-]{43}\b/, 'the token rides in the fragment')
  const token = tokenFrom(mail!)
  const reset = await app.inject({ method: 'POST', url: '/auth/password/reset', payload: { token, new_password: NEW_PASSWORD } })
  t.equal(reset.statusCode, 204)
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(session.access_token) })).statusCode, 401, 'the old session is gone')
  t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: account })).statusCode, 401, 'the old password is dead')
  t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: { ...account, password: NEW_PASSWORD } })).statusCode, 200, 'no lockout')
  const again = await app.inject({ method: 'POST', url: '/auth/password/reset', payload: { token, new_password: 'yet another password' } })
  t.equal(again.statusCode, 400)
  t.equal(again.json<{ code: string }>().code, 'invalid_reset_token', 'a used token is dead')
})

t.test('superseded, forged and expired tokens are refused; two concurrent resets with one token: one wins', async (t) => {
  let now = Date.now()
  const { app } = await startIssuer(t, mailTestEnv(), { now: () => now })
  const account = newAccount('tokens')
  await signupAndLogin(app, account)
  // Mailpit orders mail sent within one moment arbitrarily: the new token is the one not seen before.
  const seen = new Set<string>()
  const forgot = async () => {
    await app.inject({ method: 'POST', url: '/auth/password/forgot', payload: { email: account.email } })
    const mails = await waitForMail(apiUrl, account.email, seen.size + 1, RESET)
    const token = mails.map(tokenFrom).find((candidate) => !seen.has(candidate))!
    seen.add(token)
    return token
  }
  const reset = (token: string) => app.inject({ method: 'POST', url: '/auth/password/reset', payload: { token, new_password: NEW_PASSWORD } })
  const first = await forgot()
  const second = await forgot()
  t.equal((await reset(first)).json<{ code: string }>().code, 'invalid_reset_token', 'a newer link kills the older')
  t.equal((await reset('A'.repeat(43))).json<{ code: string }>().code, 'invalid_reset_token', 'a forged token')
  now += 31 * 60 * 1000
  t.equal((await reset(second)).json<{ code: string }>().code, 'invalid_reset_token', 'past PASSWORD_RESET_TTL')
  now = Date.now()
  const third = await forgot()
  const answers = await Promise.all([reset(third), reset(third)])
  t.same(answers.map((a) => a.statusCode).sort(), [204, 400], 'one 204, one invalid_reset_token')
})

t.test('forgot for an unknown or disabled account: the same status and body, and no mail', async (t) => {
  const { app } = await startIssuer(t, mailTestEnv())
  const known = newAccount('known')
  const disabled = newAccount('disabled')
  await signupAndLogin(app, known)
  const { user } = await signupAndLogin(app, disabled)
  await app.issuer.users.update(user.id, { disabled: true }, new Date())
  const unknown = newAccount('unknown').email
  const answers = await Promise.all([known.email, disabled.email, unknown].map((email) => app.inject({ method: 'POST', url: '/auth/password/forgot', payload: { email } })))
  t.same(answers.map((a) => [a.statusCode, a.body]), [[202, '{}'], [202, '{}'], [202, '{}']])
  await waitForMail(apiUrl, known.email, 1, RESET)
  await sleep(300)
  t.same((await messagesTo(apiUrl, disabled.email)).map((m) => m.Subject), ['Verify your email address'], 'the disabled account got no reset mail')
  t.same(await messagesTo(apiUrl, unknown), [], 'nothing to the unknown address')
})

t.test('bad input: 400 in the error shape, never a 500, never a mail', async (t) => {
  const { app } = await startIssuer(t, mailTestEnv())
  const email = newAccount('bad').email
  const bodies = [
    { email: 'not-an-email' },
    { email: `${'a'.repeat(320)}@example.com` },
    { email: { $ne: null } },
    { email, extra: true },
    { email: `${email}\r\nBcc: x@y.z` },
  ]
  for (const payload of bodies) {
    const answer = await app.inject({ method: 'POST', url: '/auth/password/forgot', payload })
    t.equal(answer.statusCode, 400, JSON.stringify(payload).slice(0, 60))
    t.match(answer.json(), { statusCode: 400, error: 'Bad Request', code: 'validation_failed', message: String })
  }
  for (const token of ['short', 'A'.repeat(44), { $gt: '' }, 'A'.repeat(42) + '!']) {
    const answer = await app.inject({ method: 'POST', url: '/auth/password/reset', payload: { token, new_password: NEW_PASSWORD } })
    t.equal(answer.json<{ code: string }>().code, 'validation_failed', `token ${JSON.stringify(token).slice(0, 20)}`)
  }
  await sleep(300)
  t.same(await messagesTo(apiUrl, email), [])
  t.same(await messagesTo(apiUrl, 'x@y.z'), [])
})

t.test('forgot is limited per address and per IP (MAIL_RATE_LIMIT): 429 too_many_attempts', async (t) => {
  const { app } = await startIssuer(t, mailTestEnv({ MAIL_RATE_LIMIT: '2' }))
  const email = newAccount('limit').email
  const statuses: number[] = []
  for (let i = 0; i < 3; i++) statuses.push((await app.inject({ method: 'POST', url: '/auth/password/forgot', payload: { email } })).statusCode)
  t.same(statuses, [202, 202, 429], 'per address')
  const other = await app.inject({ method: 'POST', url: '/auth/password/forgot', payload: { email: newAccount('limit-other').email } })
  t.equal(other.statusCode, 429, 'and per IP: the same client asking for another address')
  t.equal(other.json<{ code: string }>().code, 'too_many_attempts')
})
