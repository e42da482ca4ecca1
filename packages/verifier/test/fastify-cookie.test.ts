// Issue 12, item 1: @fastify/cookie is an optional peer of the Fastify plugin. With it registered, the plugin reads
// `request.cookies`; without it, the one access-token cookie straight from the `Cookie` header.
import t from 'tap'
import Fastify, { type FastifyInstance } from 'fastify'
import cookie from '@fastify/cookie'
import { SignJWT, exportJWK, generateKeyPair } from 'jose'
import { createTokenVerifier, localKeySource } from '../src/index.js'
import { verifierPlugin } from '../src/fastify/index.js'

const ISSUER = 'https://issuer.test'
const AUDIENCE = 'authpair-api'
const key = await generateKeyPair('RS256', { extractable: true })
const jwks = { keys: [{ ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] }
const now = Math.floor(Date.now() / 1000)
const token = await new SignJWT({ sid: 'sid-1', roles: ['user'], email: 'ada@example.com', client_id: 'authpair' })
  .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'k1' })
  .setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('u1').setJti('j1')
  .setIssuedAt(now).setNotBefore(now).setExpirationTime(now + 900)
  .sign(key.privateKey)

async function buildApp(withCookiePlugin: boolean, setup?: (app: FastifyInstance) => void) {
  const app = Fastify()
  if (withCookiePlugin) await app.register(cookie)
  setup?.(app)
  const verifier = createTokenVerifier({ keys: localKeySource(jwks), issuer: ISSUER, audience: AUDIENCE, sessions: { isLive: async () => true } })
  await app.register(verifierPlugin, { verifier })
  app.get('/me', { onRequest: app.authenticate }, async (request) => ({ userId: request.principal?.userId }))
  return app
}

for (const withCookiePlugin of [false, true]) {
  const label = withCookiePlugin ? 'with @fastify/cookie' : 'without @fastify/cookie'

  t.test(`${label}: the access_token cookie authenticates, among other cookies`, async (t) => {
    const app = await buildApp(withCookiePlugin)
    t.teardown(() => app.close())
    const response = await app.inject({ url: '/me', headers: { cookie: `theme=dark; access_token=${token}; logged_in=1` } })
    t.equal(response.statusCode, 200)
    t.same(response.json(), { userId: 'u1' })
  })

  t.test(`${label}: no token at all is 401 with a bare challenge`, async (t) => {
    const app = await buildApp(withCookiePlugin)
    t.teardown(() => app.close())
    const response = await app.inject({ url: '/me', headers: { cookie: 'theme=dark' } })
    t.equal(response.statusCode, 401)
    t.equal(response.headers['www-authenticate'], 'Bearer')
  })

  t.test(`${label}: a bad cookie token is 401 invalid_token`, async (t) => {
    const app = await buildApp(withCookiePlugin)
    t.teardown(() => app.close())
    const response = await app.inject({ url: '/me', headers: { cookie: `access_token=${token}x` } })
    t.equal(response.statusCode, 401)
    t.equal(response.headers['www-authenticate'], 'Bearer error="invalid_token"')
  })
}

t.test('with @fastify/cookie, what the app parsed (request.cookies) is what the plugin reads', async (t) => {
  const app = await buildApp(true, (app) => {
    // An app whose cookie parsing yields the token some other way (say, a signed cookie it unsigned itself).
    app.addHook('onRequest', async (request) => {
      ;(request as unknown as { cookies: Record<string, string> }).cookies['access_token'] = token
    })
  })
  t.teardown(() => app.close())
  t.equal((await app.inject({ url: '/me' })).statusCode, 200)
})
