// Issue 14, "Bad input": the verification, change and confirm routes answer malformed, oversized and operator-object
// values and unknown fields with 400 in the error shape, never a 500 and never a mail.
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { bearer, newAccount, signupAndLogin, startIssuer } from '../helpers.js'
import { harnessMailpit, mailTestEnv, messagesTo } from './mailpit.js'

const { apiUrl } = harnessMailpit()
const BAD_TOKENS: unknown[] = ['short', 'A'.repeat(44), 'A'.repeat(4096), { $gt: '' }, ['A'.repeat(43)], 'A'.repeat(42) + '!', null, 43]

t.test('tokens of the verify and confirm routes: 400 validation_failed for every malformed shape', async (t) => {
  const { app } = await startIssuer(t, mailTestEnv())
  for (const url of ['/auth/email/verify', '/auth/email/change/confirm']) {
    for (const token of BAD_TOKENS) {
      const answer = await app.inject({ method: 'POST', url, payload: { token } })
      const label = `${url} ${JSON.stringify(token).slice(0, 20)}`
      t.equal(answer.statusCode, 400, label)
      t.match(answer.json(), { statusCode: 400, error: 'Bad Request', code: 'validation_failed', message: String }, label)
    }
    const extra = await app.inject({ method: 'POST', url, payload: { token: 'A'.repeat(43), admin: true } })
    t.equal(extra.json<{ code: string }>().code, 'validation_failed', `${url}: an unknown field`)
  }
})

t.test('email change: malformed, oversized, injected or operator addresses are 400 and send no mail', async (t) => {
  const { app } = await startIssuer(t, mailTestEnv())
  const account = newAccount('bad-change')
  const session = await signupAndLogin(app, account)
  const target = newAccount('bad-target').email
  const bodies = [
    { new_email: 'not-an-email', current_password: account.password },
    { new_email: `${'a'.repeat(320)}@example.com`, current_password: account.password },
    { new_email: { $ne: null }, current_password: account.password },
    { new_email: `${target}\r\nBcc: x@y.z`, current_password: account.password },
    { new_email: target, current_password: { $ne: '' } },
    { new_email: target, current_password: account.password, role: 'admin' },
  ]
  for (const payload of bodies) {
    const answer = await app.inject({ method: 'POST', url: '/auth/email/change', headers: bearer(session.access_token), payload })
    t.equal(answer.statusCode, 400, JSON.stringify(payload).slice(0, 60))
    t.match(answer.json(), { statusCode: 400, error: 'Bad Request', code: 'validation_failed', message: String })
  }
  await sleep(300)
  t.same(await messagesTo(apiUrl, target), [], 'no confirmation went out')
  t.same(await messagesTo(apiUrl, 'x@y.z'), [], 'no injected recipient got one')
})
