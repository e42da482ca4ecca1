// Issue 14: signup mails a verification link; REQUIRE_VERIFIED_EMAIL; mail content escaped, headers never from input.
import { decodeJwt } from 'jose'
import t from 'tap'
import { bearer, newAccount, signupAndLogin, startIssuer } from '../helpers.js'
import { harnessMailpit, mailTestEnv, messagesTo, tokenFrom, waitForMail } from './mailpit.js'

const { apiUrl } = harnessMailpit()
const VERIFY = 'Verify your email address'
const claimsOf = (token: string) => decodeJwt(token)
const code = (response: { json: <T>() => T }) => response.json<{ code: string }>().code

t.test('signup mails a link; verifying it sets email_verified; the link works once; resend after that is 409', async (t) => {
  const { app } = await startIssuer(t, mailTestEnv())
  const account = newAccount('verify')
  const session = await signupAndLogin(app, account)
  t.equal(session.user.email_verified, false, 'a new account is unverified')
  const [mail] = await waitForMail(apiUrl, account.email, 1, VERIFY)
  t.match(mail!.Text, /\/verify-email#token=/)
  t.match(mail!.HTML, /\/verify-email#token=/, 'an HTML part too')
  const token = tokenFrom(mail!)
  t.equal((await app.inject({ method: 'POST', url: '/auth/email/verify', payload: { token } })).statusCode, 204)
  const user = await app.inject({ url: `/users/${session.user.id}`, headers: bearer(session.access_token) })
  t.equal(user.json<{ user: { email_verified: boolean } }>().user.email_verified, true)
  t.equal(claimsOf(session.access_token).email_verified, false, 'the token from before says false')
  const refreshed = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: session.refresh_token } })
  t.equal(claimsOf(refreshed.json<{ access_token: string }>().access_token).email_verified, true, 'the next token carries email_verified')
  t.equal(code(await app.inject({ method: 'POST', url: '/auth/email/verify', payload: { token } })), 'invalid_email_token', 'used')
  const resend = await app.inject({ method: 'POST', url: '/auth/email/verify/send', headers: bearer(session.access_token) })
  t.equal(resend.statusCode, 409)
  t.equal(code(resend), 'already_verified')
})

t.test('a resent link kills the older one; a forged token is refused', async (t) => {
  const { app } = await startIssuer(t, mailTestEnv())
  const account = newAccount('resend')
  const session = await signupAndLogin(app, account)
  const [first] = await waitForMail(apiUrl, account.email, 1, VERIFY)
  const resend = await app.inject({ method: 'POST', url: '/auth/email/verify/send', headers: bearer(session.access_token) })
  t.equal(resend.statusCode, 202)
  const both = await waitForMail(apiUrl, account.email, 2, VERIFY)
  const older = tokenFrom(first!)
  const newer = both.map(tokenFrom).find((token) => token !== older)!
  t.equal(code(await app.inject({ method: 'POST', url: '/auth/email/verify', payload: { token: older } })), 'invalid_email_token', 'superseded')
  t.equal(code(await app.inject({ method: 'POST', url: '/auth/email/verify', payload: { token: 'x'.repeat(43) } })), 'invalid_email_token', 'forged')
  t.equal((await app.inject({ method: 'POST', url: '/auth/email/verify', payload: { token: newer } })).statusCode, 204)
})

t.test('REQUIRE_VERIFIED_EMAIL=true: login is 403 email_not_verified until the link is used', async (t) => {
  const { app } = await startIssuer(t, mailTestEnv({ REQUIRE_VERIFIED_EMAIL: 'true' }))
  const account = newAccount('required')
  t.equal((await app.inject({ method: 'POST', url: '/auth/signup', payload: account })).statusCode, 201)
  const refused = await app.inject({ method: 'POST', url: '/auth/login', payload: account })
  t.equal(refused.statusCode, 403)
  t.equal(code(refused), 'email_not_verified')
  const [mail] = await waitForMail(apiUrl, account.email, 1, VERIFY)
  t.equal((await app.inject({ method: 'POST', url: '/auth/email/verify', payload: { token: tokenFrom(mail!) } })).statusCode, 204)
  t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: account })).statusCode, 200)
})

t.test('a name like <script> reaches the mail escaped; a header injection in the address is refused, no mail', async (t) => {
  const { app } = await startIssuer(t, mailTestEnv())
  const account = newAccount('escape')
  const signup = await app.inject({ method: 'POST', url: '/auth/signup', payload: { ...account, name: '<script>alert(1)</script>' } })
  t.equal(signup.statusCode, 201)
  const [mail] = await waitForMail(apiUrl, account.email, 1, VERIFY)
  t.notMatch(mail!.HTML, /<script>/, 'no markup from the name')
  t.match(mail!.HTML, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/, 'the name, escaped')
  t.same(mail!.Bcc ?? [], [])
  const injected = await app.inject({ method: 'POST', url: '/auth/signup', payload: { email: 'a@b.c\r\nBcc: x@y.z', password: account.password } })
  t.equal(injected.statusCode, 400)
  t.equal(code(injected), 'validation_failed')
  t.same(await messagesTo(apiUrl, 'x@y.z'), [])
})

t.test('resending is limited per address and IP (MAIL_RATE_LIMIT): 429 too_many_attempts', async (t) => {
  const { app } = await startIssuer(t, mailTestEnv({ MAIL_RATE_LIMIT: '1' }))
  const session = await signupAndLogin(app, newAccount('resend-limit'))
  const resend = () => app.inject({ method: 'POST', url: '/auth/email/verify/send', headers: bearer(session.access_token) })
  t.equal((await resend()).statusCode, 202)
  const limited = await resend()
  t.equal(limited.statusCode, 429)
  t.equal(code(limited), 'too_many_attempts')
})
