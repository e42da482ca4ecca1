import t from 'tap'
import { newAccount, startIssuer } from './helpers.js'

t.test('an account is locked for the window after LOGIN_MAX_ATTEMPTS failures: 429 with Retry-After', async (t) => {
  const { app } = await startIssuer(t, { LOGIN_MAX_ATTEMPTS: '3', LOGIN_WINDOW: '2m' })
  const account = newAccount()
  await app.inject({ method: 'POST', url: '/auth/signup', payload: account })
  const wrong = { ...account, password: 'not the password' }
  for (let i = 0; i < 3; i++) t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: wrong })).statusCode, 401)
  const locked = await app.inject({ method: 'POST', url: '/auth/login', payload: account })
  t.equal(locked.statusCode, 429, 'even the right password waits')
  t.equal(locked.json().code, 'too_many_attempts')
  const retryAfter = Number(locked.headers['retry-after'])
  t.ok(retryAfter > 100 && retryAfter <= 120, `Retry-After ${retryAfter}`)
  const other = newAccount()
  await app.inject({ method: 'POST', url: '/auth/signup', payload: other })
  t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: other })).statusCode, 200, 'other accounts are not locked')
})

t.test('the account limit counts in Redis: a second issuer instance sees the same count', async (t) => {
  const { app, stores } = await startIssuer(t, { LOGIN_MAX_ATTEMPTS: '2' })
  const { buildIssuerApp } = await import('../src/app.js')
  const { testIssuerConfig } = await import('./helpers.js')
  const twin = await buildIssuerApp(testIssuerConfig(stores, { LOGIN_MAX_ATTEMPTS: '2' }), { logLevel: false })
  t.teardown(() => twin.close())
  const account = newAccount()
  await app.inject({ method: 'POST', url: '/auth/signup', payload: account })
  const wrong = { ...account, password: 'not the password' }
  t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: wrong })).statusCode, 401)
  t.equal((await twin.inject({ method: 'POST', url: '/auth/login', payload: wrong })).statusCode, 401)
  t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: account })).statusCode, 429)
})

t.test('a successful login clears the account count', async (t) => {
  const { app } = await startIssuer(t, { LOGIN_MAX_ATTEMPTS: '3' })
  const account = newAccount()
  await app.inject({ method: 'POST', url: '/auth/signup', payload: account })
  const wrong = { ...account, password: 'not the password' }
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 2; i++) await app.inject({ method: 'POST', url: '/auth/login', payload: wrong })
    t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: account })).statusCode, 200, `round ${round}`)
  }
})

t.test('concurrent guesses cannot overshoot the limit', async (t) => {
  const { app } = await startIssuer(t, { LOGIN_MAX_ATTEMPTS: '5' })
  const account = newAccount()
  await app.inject({ method: 'POST', url: '/auth/signup', payload: account })
  const wrong = { ...account, password: 'not the password' }
  const codes = (await Promise.all(Array.from({ length: 20 }, () => app.inject({ method: 'POST', url: '/auth/login', payload: wrong }))))
    .map((r) => r.statusCode)
  t.equal(codes.filter((c) => c === 401).length, 5)
  t.equal(codes.filter((c) => c === 429).length, 15)
})

t.test('a client IP is limited across accounts by LOGIN_MAX_ATTEMPTS_PER_IP', async (t) => {
  const { app } = await startIssuer(t, { LOGIN_MAX_ATTEMPTS_PER_IP: '4' })
  for (let i = 0; i < 4; i++) {
    const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: `nobody${i}@example.com`, password: 'guessing' } })
    t.equal(response.statusCode, 401)
  }
  const blocked = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'next@example.com', password: 'guessing' } })
  t.equal(blocked.statusCode, 429)
  t.ok(Number(blocked.headers['retry-after']) > 0)
  const elsewhere = await app.inject({
    method: 'POST', url: '/auth/login', remoteAddress: '10.9.8.7', payload: { email: 'next@example.com', password: 'guessing' },
  })
  t.equal(elsewhere.statusCode, 401, 'another IP is not blocked')
})

t.test('behind a trusted proxy the client IP comes from X-Forwarded-For; otherwise the header is ignored', async (t) => {
  const trusting = await startIssuer(t, { LOGIN_MAX_ATTEMPTS_PER_IP: '1', TRUST_PROXY: '127.0.0.1' })
  const attempt = (app: typeof trusting.app, forwardedFor: string) =>
    app.inject({
      method: 'POST', url: '/auth/login', headers: { 'x-forwarded-for': forwardedFor },
      payload: { email: 'nobody@example.com', password: 'guessing' },
    })
  t.equal((await attempt(trusting.app, '203.0.113.1')).statusCode, 401)
  t.equal((await attempt(trusting.app, '203.0.113.1')).statusCode, 429)
  t.equal((await attempt(trusting.app, '203.0.113.2')).statusCode, 401, 'each client behind the proxy counts apart')

  const direct = await startIssuer(t, { LOGIN_MAX_ATTEMPTS_PER_IP: '1' })
  t.equal((await attempt(direct.app, '203.0.113.1')).statusCode, 401)
  t.equal((await attempt(direct.app, '203.0.113.2')).statusCode, 429, 'a forged header does not dodge the limit')
})

t.test('signup and refresh are rate-limited per IP', async (t) => {
  const { app } = await startIssuer(t, { SIGNUP_RATE_LIMIT: '2', REFRESH_RATE_LIMIT: '2' })
  for (let i = 0; i < 2; i++) t.equal((await app.inject({ method: 'POST', url: '/auth/signup', payload: newAccount() })).statusCode, 201)
  const signup = await app.inject({ method: 'POST', url: '/auth/signup', payload: newAccount() })
  t.equal(signup.statusCode, 429)
  t.equal(signup.json().code, 'too_many_attempts')
  t.ok(Number(signup.headers['retry-after']) > 0)
  for (let i = 0; i < 2; i++) await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: 'x' } })
  t.equal((await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: 'x' } })).statusCode, 429)
})

// Issue 11, item 4: successful logins gave their IP attempt back, so 500 logins for one account ran unthrottled.
t.test('issue 11: successful logins per client IP stop at LOGIN_MAX_SUCCESSES_PER_IP within the window', async (t) => {
  const { app } = await startIssuer(t, { LOGIN_MAX_SUCCESSES_PER_IP: '3', LOGIN_WINDOW: '2m' })
  const account = newAccount()
  await app.inject({ method: 'POST', url: '/auth/signup', payload: account })
  for (let i = 0; i < 3; i++) t.equal((await app.inject({ method: 'POST', url: '/auth/login', payload: account })).statusCode, 200)
  const refused = await app.inject({ method: 'POST', url: '/auth/login', payload: account })
  t.equal(refused.statusCode, 429)
  t.equal(refused.json().code, 'too_many_attempts')
  const retryAfter = Number(refused.headers['retry-after'])
  t.ok(retryAfter > 100 && retryAfter <= 120, `Retry-After ${retryAfter}`)
  const elsewhere = await app.inject({ method: 'POST', url: '/auth/login', remoteAddress: '10.9.8.7', payload: account })
  t.equal(elsewhere.statusCode, 200, 'another IP is not limited')
})
