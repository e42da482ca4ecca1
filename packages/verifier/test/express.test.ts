// Issue 12, item 2: the `./express` middleware on Express 5, against the real Redis the test harness starts.
import type { AddressInfo } from 'node:net'
import express from 'express'
import t, { type Test } from 'tap'
import { Redis } from 'ioredis'
import { SignJWT, exportJWK, generateKeyPair } from 'jose'
import { findFreePort } from '@authpair/local-servers'
// Item 1 of issue 12 moves the key layout into the verifier's `.` entry; take it from there once it lands.
import { testStores } from '@authpair/test-support'
import { createTokenVerifier, localKeySource, sessionKeys, type SessionLiveness } from '../src/index.js'
import { strictSessionLiveness, trackedSessionLiveness, writeKeyLayout } from '../src/redis/index.js'
import { createVerifierMiddleware } from '../src/express/index.js'

const ISSUER = 'https://issuer.test'
const AUDIENCE = 'authpair-api'
const key = await generateKeyPair('RS256', { extractable: true })
const jwks = { keys: [{ ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] }
const stores = testStores('express')
const keys = sessionKeys(stores.keyPrefix)
const redis = new Redis(stores.redisUrl, { maxRetriesPerRequest: 1 })
t.teardown(async () => {
  redis.disconnect()
  await stores.cleanup()
})

let counter = 0
/** A session the way the issuer writes it (a liveness marker whose value is its user), and an access token for it. */
async function login(roles: string[] = ['user']): Promise<{ token: string; sessionId: string; userId: string }> {
  counter += 1
  const sessionId = `sess${counter}`
  const userId = `user${counter}`
  await redis.set(keys.live(userId, sessionId), userId)
  const now = Math.floor(Date.now() / 1000)
  const token = await new SignJWT({ sid: sessionId, roles, email: `${userId}@example.com`, client_id: 'authpair' })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'k1' })
    .setIssuer(ISSUER).setAudience(AUDIENCE).setSubject(userId).setJti(`jti${counter}`)
    .setIssuedAt(now).setNotBefore(now).setExpirationTime(now + 900)
    .sign(key.privateKey)
  return { token, sessionId, userId }
}

/** An Express 5 app with the middleware on `/hello` and `/reports`, listening on a loopback port. */
async function serve(t: Test, sessions: SessionLiveness, realm?: string): Promise<string> {
  const verifier = createTokenVerifier({ keys: localKeySource(jwks), issuer: ISSUER, audience: AUDIENCE, sessions, cacheSize: 0 })
  const { authenticate, requireRole } = createVerifierMiddleware({ verifier, realm })
  const app = express()
  app.get('/hello', authenticate, (req, res) => {
    res.json({ principal: req.principal })
  })
  app.get('/reports', requireRole('admin'), (_req, res) => {
    res.json({ reports: [] })
  })
  const server = app.listen(0, '127.0.0.1')
  await new Promise((listening) => server.once('listening', listening))
  t.teardown(() => new Promise((closed) => server.close(closed)))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

/** The tracked liveness, once connected: a strict one asked before its connection is up answers 503. */
async function tracked(t: Test): Promise<SessionLiveness> {
  const sessions = trackedSessionLiveness({ url: stores.redisUrl, keyPrefix: stores.keyPrefix })
  t.teardown(() => sessions.close())
  await writeKeyLayout(redis, stores.keyPrefix)
  await sessions.ready()
  return sessions
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

async function refusal(response: Response) {
  return { status: response.status, challenge: response.headers.get('www-authenticate'), body: await response.json() }
}

t.test('a valid token passes with its principal, from the header or the access_token cookie', async (t) => {
  const base = await serve(t, await tracked(t))
  const { token, sessionId, userId } = await login()
  const principal = { userId, sessionId, email: `${userId}@example.com`, roles: ['user'], tokenId: `jti${counter}` }
  const byHeader = await fetch(`${base}/hello`, { headers: bearer(token) })
  t.equal(byHeader.status, 200)
  t.match(await byHeader.json(), { principal })
  const byCookie = await fetch(`${base}/hello`, { headers: { cookie: `theme=dark; access_token=${token}` } })
  t.equal(byCookie.status, 200)
  t.match(await byCookie.json(), { principal })
})

t.test('no token: 401 with a bare Bearer challenge, in the contract error shape', async (t) => {
  const base = await serve(t, await tracked(t))
  t.same(await refusal(await fetch(`${base}/hello`)), {
    status: 401,
    challenge: 'Bearer',
    body: { statusCode: 401, error: 'Unauthorized', code: 'invalid_token', message: 'An access token is required.' },
  })
  const withRealm = await serve(t, await tracked(t), 'todos')
  t.equal((await fetch(`${withRealm}/hello`)).headers.get('www-authenticate'), 'Bearer realm="todos"')
})

t.test('a bad token: 401 invalid_token', async (t) => {
  const base = await serve(t, await tracked(t))
  const { token } = await login()
  for (const bad of ['not-a-jwt', `${token.slice(0, -4)}AAAA`]) {
    t.match(await refusal(await fetch(`${base}/hello`, { headers: bearer(bad) })), {
      status: 401,
      challenge: 'Bearer error="invalid_token"',
      body: { statusCode: 401, error: 'Unauthorized', code: 'invalid_token', message: String },
    })
  }
})

t.test('a role the token lacks: 403 insufficient_scope; with it: 200', async (t) => {
  const base = await serve(t, await tracked(t))
  const user = await login(['user'])
  t.same(await refusal(await fetch(`${base}/reports`, { headers: bearer(user.token) })), {
    status: 403,
    challenge: 'Bearer error="insufficient_scope", scope="admin"',
    body: { statusCode: 403, error: 'Forbidden', code: 'insufficient_scope', message: 'The token lacks the role this route needs.' },
  })
  const admin = await login(['admin'])
  t.equal((await fetch(`${base}/reports`, { headers: bearer(admin.token) })).status, 200)
  t.equal((await fetch(`${base}/reports`)).status, 401, 'requireRole verifies the token itself')
})

t.test('Redis unreachable: 503 unavailable, never a pass', async (t) => {
  const nobody = `redis://127.0.0.1:${await findFreePort()}`
  const sessions = strictSessionLiveness({ url: nobody, keyPrefix: stores.keyPrefix })
  t.teardown(() => sessions.close())
  const base = await serve(t, sessions)
  const { token } = await login()
  const answer = await refusal(await fetch(`${base}/hello`, { headers: bearer(token) }))
  t.match(answer, { status: 503, challenge: null, body: { statusCode: 503, error: 'Service Unavailable', code: 'unavailable', message: String } })
})

t.test('after logout (the session key deleted) the very next request is 401', async (t) => {
  const base = await serve(t, await tracked(t))
  const { token, sessionId, userId } = await login()
  t.equal((await fetch(`${base}/hello`, { headers: bearer(token) })).status, 200)
  await redis.del(keys.live(userId, sessionId))
  t.match(await refusal(await fetch(`${base}/hello`, { headers: bearer(token) })), {
    status: 401,
    challenge: 'Bearer error="invalid_token"',
    body: { code: 'invalid_token', message: 'The session has ended.' },
  })
})
