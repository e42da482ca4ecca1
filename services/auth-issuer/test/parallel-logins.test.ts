import t from 'tap'
import type { App } from '@authpair/http'
import { newAccount, startIssuer, type Account } from './helpers.js'

// Issue 11, item 3: the login limit counts failed logins, so parallel right passwords wait for the attempts in
// flight instead of being refused; parallel wrong ones still cost at most LOGIN_MAX_ATTEMPTS verifications.

/** Wraps the issuer's real hasher and counts the password verifications it is asked for. */
function countVerifications(app: App): { readonly count: number } {
  const real = app.issuer.passwords
  const counter = { count: 0 }
  app.issuer.passwords = {
    hash: (password) => real.hash(password),
    verify: (password, hash) => {
      counter.count += 1
      return real.verify(password, hash)
    },
    verifyNothing: (password) => {
      counter.count += 1
      return real.verifyNothing(password)
    },
  }
  return counter
}

const loginAll = (app: App, payload: Account, count: number) =>
  Promise.all(Array.from({ length: count }, () => app.inject({ method: 'POST', url: '/auth/login', payload })))

t.test('issue 11: 50 parallel logins with the right password all succeed, each with its own session', async (t) => {
  const { app } = await startIssuer(t, { LOGIN_MAX_ATTEMPTS: '10', LOGIN_ATTEMPT_WAIT: '30s', BCRYPT_QUEUE_WAIT: '30s' })
  const account = newAccount()
  await app.inject({ method: 'POST', url: '/auth/signup', payload: account })
  const responses = await loginAll(app, account, 50)
  t.same(responses.map((r) => r.statusCode), Array.from({ length: 50 }, () => 200))
  const sessions = new Set(responses.map((r) => r.json<{ session_id: string }>().session_id))
  t.equal(sessions.size, 50, '50 distinct session ids')
})

t.test('issue 11: 50 parallel wrong passwords cost at most LOGIN_MAX_ATTEMPTS verifications, the rest 429', async (t) => {
  const { app } = await startIssuer(t, { LOGIN_MAX_ATTEMPTS: '10', LOGIN_ATTEMPT_WAIT: '30s', BCRYPT_QUEUE_WAIT: '30s' })
  const account = newAccount()
  await app.inject({ method: 'POST', url: '/auth/signup', payload: account })
  const verifications = countVerifications(app)
  const responses = await loginAll(app, { ...account, password: 'not the password' }, 50)
  const codes = responses.map((r) => r.statusCode)
  t.equal(verifications.count, 10, 'exactly LOGIN_MAX_ATTEMPTS bcrypt verifications')
  t.equal(codes.filter((c) => c === 401).length, 10)
  t.equal(codes.filter((c) => c === 429).length, 40)
  const refused = responses.find((r) => r.statusCode === 429)
  t.equal(refused?.json().code, 'too_many_attempts')
  t.ok(Number(refused?.headers['retry-after']) > 0, 'Retry-After')
})
