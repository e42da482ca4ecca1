import { setTimeout as sleep } from 'node:timers/promises'
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

// Issue 11, item 4: wrong current passwords were never counted, so a stolen access token could guess around the
// login limit (30 wrong guesses gave 30 x 401, then the right one 204).
const change = (app: Parameters<typeof signupAndLogin>[0], token: string, current_password: string) =>
  app.inject({
    method: 'POST', url: '/auth/password', headers: bearer(token),
    payload: { current_password, new_password: 'a brand new secret' },
  })

t.test('issue 11: wrong current passwords are counted: past LOGIN_MAX_ATTEMPTS, 429 with Retry-After, even for the right one', async (t) => {
  const { app } = await startIssuer(t, { LOGIN_MAX_ATTEMPTS: '3', LOGIN_WINDOW: '2m' })
  const account = newAccount()
  const { access_token } = await signupAndLogin(app, account)
  for (let i = 0; i < 3; i++) t.equal((await change(app, access_token, 'not my password')).statusCode, 401)
  const refused = await change(app, access_token, account.password)
  t.equal(refused.statusCode, 429)
  t.equal(refused.json().code, 'too_many_attempts')
  const retryAfter = Number(refused.headers['retry-after'])
  t.ok(retryAfter > 100 && retryAfter <= 120, `Retry-After ${retryAfter}`)
})

t.test('issue 11: password changes and logins share the account budget', async (t) => {
  const { app } = await startIssuer(t, { LOGIN_MAX_ATTEMPTS: '3' })
  const account = newAccount()
  const { access_token } = await signupAndLogin(app, account)
  t.equal((await change(app, access_token, 'not my password')).statusCode, 401)
  const wrong = { ...account, password: 'not my password' }
  for (let i = 0; i < 2; i++) t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: wrong })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: account })).statusCode, 429, 'the login is locked')
})

t.test('issue 11: a session keeps its own count, which the owner logging in does not clear', async (t) => {
  const { app } = await startIssuer(t, { LOGIN_MAX_ATTEMPTS: '3' })
  const account = newAccount()
  const stolen = await signupAndLogin(app, account)
  for (let i = 0; i < 2; i++) t.equal((await change(app, stolen.access_token, 'not my password')).statusCode, 401)
  await signupAndLogin(app, account) // the owner's login clears the account's count
  t.equal((await change(app, stolen.access_token, 'not my password')).statusCode, 401)
  t.equal((await change(app, stolen.access_token, account.password)).statusCode, 429, 'the session is at its limit')
})

t.test('issue 11: 12 parallel password changes with one token keep at most BCRYPT_CONCURRENCY bcrypt runs at once', async (t) => {
  const { app } = await startIssuer(t, { BCRYPT_CONCURRENCY: '2', BCRYPT_QUEUE_WAIT: '30s', LOGIN_ATTEMPT_WAIT: '30s' })
  const account = newAccount()
  const { access_token } = await signupAndLogin(app, account)
  // The real hasher, slowed a little so that overlapping runs cannot slip past the count.
  const real = app.issuer.passwords
  const runs = { now: 0, most: 0 }
  const tracked = <T>(work: () => Promise<T>) => async () => {
    runs.most = Math.max(runs.most, ++runs.now)
    try {
      await sleep(10)
      return await work()
    } finally {
      runs.now -= 1
    }
  }
  app.issuer.passwords = {
    hash: (password) => tracked(() => real.hash(password))(),
    verify: (password, hash) => tracked(() => real.verify(password, hash))(),
    verifyNothing: (password) => tracked(() => real.verifyNothing(password))(),
  }
  const same = { current_password: account.password, new_password: account.password }
  const answers = await Promise.all(Array.from({ length: 12 }, () =>
    app.inject({ method: 'POST', url: '/auth/password', headers: bearer(access_token), payload: same })))
  t.same(answers.map((a) => a.statusCode), Array.from({ length: 12 }, () => 204), 'all wait their turn')
  t.equal(runs.most, 2)
})
