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

t.test('the cross-site check follows the credential actually used, not any Authorization header (issue 11)', async (t) => {
  const { app } = await startIssuer(t, { CORS_ORIGINS: APP_ORIGIN })
  const login = await signupAndLogin(app)
  const evil = { origin: 'https://evil.example' }
  const access = { access_token: login.access_token }
  // Not a Bearer scheme: the token comes from the cookie, so this is a cookie-authenticated write.
  for (const authorization of ['Basic eA==', 'Token abc', 'Bearerx abc']) {
    const basic = await app.inject({ method: 'POST', url: '/auth/logout-all', cookies: access, headers: { ...evil, authorization } })
    t.equal(basic.statusCode, 403, `${authorization} beside the cookie`)
    t.equal(basic.json().code, 'forbidden')
  }
  // The refresh cookie is read whatever the Authorization header says.
  const refreshCookie = { refresh_token: login.refresh_token }
  const logout = await app.inject({ method: 'POST', url: '/auth/logout', cookies: refreshCookie, headers: { ...evil, ...bearer('junk') } })
  t.equal(logout.statusCode, 403, 'a junk bearer token does not exempt the refresh cookie')
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(login.access_token) })).statusCode, 200, 'the session lives')
  // A real bearer token is the credential used even with the access cookie beside it.
  const bearerCall = await app.inject({ method: 'POST', url: '/auth/logout-all', cookies: access, headers: { ...evil, ...bearer(login.access_token) } })
  t.equal(bearerCall.statusCode, 204)
})
