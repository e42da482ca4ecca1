// Issue 14: mail written to the outbox is never lost: SMTP down, an issuer restart, a refused recipient.
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { findFreePort, startMailpit } from '@authpair/local-servers'
import { testStores } from '@authpair/test-support'
import { buildIssuerApp } from '../../src/app.js'
import { newAccount, startIssuer, testIssuerConfig } from '../helpers.js'
import { harnessMailpit, messagesTo, waitForMail } from './mailpit.js'

const FAST_RETRIES = { MAIL_RETRY_BASE_MS: '50', MAIL_RETRY_MAX_MS: '200', MAIL_POLL_INTERVAL_MS: '50' }
const mail = (to: string) => ({ to, subject: 'hello', text: 'plain', html: '<p>html</p>' })

t.test('SMTP down: mail waits in the outbox, /readyz stays 200, and every mail arrives exactly once when SMTP is back', async (t) => {
  const mailpit = await startMailpit({ dataDir: t.testdir() })
  t.teardown(() => mailpit.stop())
  await mailpit.stop()
  const { app } = await startIssuer(t, { SMTP_URL: mailpit.url, ...FAST_RETRIES })
  await app.ready()
  const recipients = [newAccount('down-a').email, newAccount('down-b').email, newAccount('down-c').email]
  for (const to of recipients) await app.sendMail(mail(to))
  await sleep(300)
  t.equal((await app.inject('/readyz')).statusCode, 200, 'SMTP is not a readiness dependency')
  const metrics = (await app.inject('/metrics')).body
  t.match(metrics, /mail_outbox_backlog 3/, 'the backlog shows the waiting mail')
  t.match(metrics, /mail_outbox_sends_total\{outcome="retry"\} [1-9]/, 'and the failed sends')
  await mailpit.restart()
  for (const to of recipients) t.equal((await waitForMail(mailpit.httpUrl, to)).length, 1, `${to} got its mail`)
  await sleep(300)
  for (const to of recipients) t.equal((await messagesTo(mailpit.httpUrl, to)).length, 1, `${to} got it once`)
  t.match((await app.inject('/metrics')).body, /mail_outbox_backlog 0/)
})

t.test('an issuer closed with mail in the outbox: the next one delivers it', async (t) => {
  const mailpit = await startMailpit({ dataDir: t.testdir() })
  t.teardown(() => mailpit.stop())
  await mailpit.stop()
  const stores = testStores(t.name)
  t.teardown(() => stores.cleanup())
  const config = testIssuerConfig(stores, { SMTP_URL: mailpit.url, ...FAST_RETRIES })
  const to = newAccount('restart').email
  const first = await buildIssuerApp(config, { logLevel: false })
  await first.ready()
  await first.sendMail(mail(to))
  await first.close()
  await mailpit.restart()
  const second = await buildIssuerApp(config, { logLevel: false })
  t.teardown(() => second.close())
  await second.ready()
  t.equal((await waitForMail(mailpit.httpUrl, to)).length, 1)
})

t.test('a recipient the SMTP server refuses does not hold up the mail after it', async (t) => {
  const mailpit = await startMailpit({ dataDir: t.testdir(), port: await findFreePort(), allowedRecipients: '^ok-' })
  t.teardown(() => mailpit.stop())
  const { app } = await startIssuer(t, { SMTP_URL: mailpit.url, ...FAST_RETRIES, MAIL_MAX_ATTEMPTS: '3' })
  await app.ready()
  const refused = newAccount('refused').email
  const accepted = newAccount('ok-').email
  await app.sendMail(mail(refused))
  await app.sendMail(mail(accepted))
  t.equal((await waitForMail(mailpit.httpUrl, accepted)).length, 1, 'the next recipient got its mail')
  await sleep(600)
  t.match((await app.inject('/metrics')).body, /mail_outbox_sends_total\{outcome="failed"\} 1/, 'the refused one is given up after its attempts')
  t.same(await messagesTo(mailpit.httpUrl, refused), [])
})

t.test('two issuers on one outbox: every mail is sent exactly once', async (t) => {
  const { smtpUrl, apiUrl } = harnessMailpit()
  const stores = testStores(t.name)
  t.teardown(() => stores.cleanup())
  const config = testIssuerConfig(stores, { SMTP_URL: smtpUrl, ...FAST_RETRIES, MAIL_POLL_INTERVAL_MS: '10' })
  const issuers = [await buildIssuerApp(config, { logLevel: false }), await buildIssuerApp(config, { logLevel: false })]
  t.teardown(() => Promise.all(issuers.map((issuer) => issuer.close())))
  await Promise.all(issuers.map((issuer) => issuer.ready()))
  const recipients = Array.from({ length: 8 }, () => newAccount('twice').email)
  await Promise.all(recipients.map((to, index) => issuers[index % 2]!.sendMail(mail(to))))
  for (const to of recipients) await waitForMail(apiUrl, to)
  await sleep(300)
  for (const to of recipients) t.equal((await messagesTo(apiUrl, to)).length, 1, `${to} got it once`)
})
