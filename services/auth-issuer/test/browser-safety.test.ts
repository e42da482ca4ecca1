import t from 'tap'
import { bearer, signupAndLogin, startIssuer } from './helpers.js'

const APP_ORIGIN = 'https://app.example.com'

t.test('CORS: credentials only for listed origins', async (t) => {
  const { app } = await startIssuer(t, { CORS_ORIGINS: `${APP_ORIGIN}, https://admin.example.com` })
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: '/auth/login',
    headers: { origin: APP_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  })
  t.equal(preflight.statusCode, 204)
  t.equal(preflight.headers['access-control-allow-origin'], APP_ORIGIN)
  t.equal(preflight.headers['access-control-allow-credentials'], 'true')
  const stranger = await app.inject({
    method: 'OPTIONS',
    url: '/auth/login',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  })
  t.notOk(stranger.headers['access-control-allow-origin'])
  t.notOk(stranger.headers['access-control-allow-credentials'])
})

t.test('security headers are set', async (t) => {
  const { app } = await startIssuer(t)
  const response = await app.inject({ url: '/healthz' })
  t.equal(response.headers['x-content-type-options'], 'nosniff')
  t.match(response.headers['content-security-policy'], /default-src 'none'/)
  t.match(response.headers['strict-transport-security'], /max-age=/)
  t.equal(response.headers['x-frame-options'], 'DENY')
  t.equal(response.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'", 'nothing loosens the CSP')
})

t.test('cookie-authenticated writes from another site are refused; bearer requests are not', async (t) => {
  const { app } = await startIssuer(t, { CORS_ORIGINS: APP_ORIGIN })
  const login = await signupAndLogin(app)
  const cookies = { access_token: login.access_token, refresh_token: login.refresh_token }
  const crossSite = await app.inject({ method: 'POST', url: '/auth/logout-all', cookies, headers: { origin: 'https://evil.example' } })
  t.equal(crossSite.statusCode, 403)
  t.equal(crossSite.json().code, 'forbidden')
  const fetchMetadata = await app.inject({ method: 'POST', url: '/auth/refresh', cookies, headers: { 'sec-fetch-site': 'cross-site' } })
  t.equal(fetchMetadata.statusCode, 403, 'Sec-Fetch-Site: cross-site without Origin')
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(login.access_token) })).statusCode, 200, 'nothing happened')

  const listed = await app.inject({ method: 'POST', url: '/auth/refresh', cookies, headers: { origin: APP_ORIGIN } })
  t.equal(listed.statusCode, 200)
  const bearerCall = await app.inject({
    method: 'POST',
    url: '/auth/logout',
    headers: { ...bearer(listed.json().access_token), origin: 'https://evil.example' },
  })
  t.equal(bearerCall.statusCode, 204, 'a bearer request is not a CSRF risk')
})
