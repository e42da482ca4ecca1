import t from 'tap'
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose'
import { signupAndLogin, startIssuer } from './helpers.js'

t.test('the JWKS publishes the RSA public key with kid, use and alg, cacheable, and nothing private', async (t) => {
  const { app } = await startIssuer(t)
  const response = await app.inject({ url: '/.well-known/jwks.json' })
  t.equal(response.statusCode, 200)
  t.equal(response.headers['cache-control'], 'public, max-age=300')
  const { keys } = response.json()
  t.equal(keys.length, 1)
  t.match(keys[0], { kty: 'RSA', use: 'sig', alg: 'RS256', kid: String, n: String, e: 'AQAB' })
  t.ok(Buffer.from(keys[0].n, 'base64url').length >= 256, 'at least 2048 bits')
  for (const field of ['d', 'p', 'q', 'dp', 'dq', 'qi']) t.notOk(field in keys[0], `no ${field}`)
  t.notMatch(response.body, /PRIVATE/)
})

t.test('discovery names the issuer and the JWKS URL', async (t) => {
  const { app, config } = await startIssuer(t, { ISSUER_URL: 'https://auth.example.com/' })
  const body = (await app.inject({ url: '/.well-known/openid-configuration' })).json()
  t.equal(body.issuer, 'https://auth.example.com')
  t.equal(body.jwks_uri, 'https://auth.example.com/.well-known/jwks.json')
  t.equal(config.ISSUER_URL, 'https://auth.example.com')
})

t.test('discovery advertises no endpoint that does not speak its RFC (issue 11)', async (t) => {
  const { app } = await startIssuer(t)
  const body = (await app.inject({ url: '/.well-known/openid-configuration' })).json()
  // /auth/refresh and /auth/logout take JSON, not RFC 6749 grant_type forms nor RFC 7009 `token`.
  for (const field of ['token_endpoint', 'revocation_endpoint', 'token_endpoint_auth_methods_supported']) {
    t.notOk(field in body, `no ${field}`)
  }
  t.same(Object.keys(body).sort(), [
    'id_token_signing_alg_values_supported',
    'issuer',
    'jwks_uri',
    'response_types_supported',
    'subject_types_supported',
  ])
})

t.test('an access token verifies with jose against the published JWKS, with the contract claims', async (t) => {
  const { app } = await startIssuer(t)
  const login = await signupAndLogin(app)
  const jwks = createLocalJWKSet((await app.inject({ url: '/.well-known/jwks.json' })).json())
  const header = decodeProtectedHeader(login.access_token)
  t.same(header, { alg: 'RS256', typ: 'at+jwt', kid: header.kid })
  const { payload } = await jwtVerify(login.access_token, jwks, {
    algorithms: ['RS256'],
    typ: 'at+jwt',
    issuer: 'http://127.0.0.1:4000',
    audience: 'authpair-api',
  })
  t.equal(payload.sub, login.user.id)
  t.equal(payload.sid, login.session_id)
  t.equal(payload.email, login.user.email)
  t.same(payload.roles, ['user'])
  t.equal(payload.client_id, 'authpair')
  t.type(payload.jti, 'string')
  t.equal(payload.exp! - payload.iat!, 900)
  t.equal(payload.nbf, payload.iat)
})
