import { createPublicKey, type JsonWebKey } from 'node:crypto'
import t from 'tap'
import { SignJWT, decodeProtectedHeader, generateKeyPair, importPKCS8, type JWTPayload } from 'jose'
import type { App } from '@authpair/http'
import { createKeyCipher, type EncryptedPrivateKey } from '../../services/auth-issuer/src/keys/key-encryption.js'
import { DEVELOPMENT_KEY_SECRET } from '../../services/auth-issuer/src/keys/load-issuer-keys.js'
import { bearer, login, startPair, type Pair, type Session } from './harness.js'

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

/** Signs with the issuer's own private key, read from its store: a trusted signature, so the claim checks are what is tested. */
async function trustedSigner(pair: Pair) {
  // Issue 13: stored encrypted; the harness's issuer runs without KEY_ENCRYPTION_SECRET, so under the development one.
  const doc = await pair.issuer.stores.db.collection<{ _id: string; private_key: EncryptedPrivateKey }>('signing_keys').findOne({})
  const { pem } = createKeyCipher({ current: DEVELOPMENT_KEY_SECRET }).decrypt(doc!.private_key, doc!._id)
  const key = await importPKCS8(pem, 'RS256')
  return (payload: JWTPayload, header: Record<string, unknown> = {}) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: doc!._id, ...header }).sign(key)
}

async function attacks(pair: Pair, session: Session, other: Session): Promise<[string, string][]> {
  const sign = await trustedSigner(pair)
  const [header, payload, signature] = session.access.split('.') as [string, string, string]
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as JWTPayload
  const now = Math.floor(Date.now() / 1000)
  const { kid } = decodeProtectedHeader(session.access)
  const attacker = await generateKeyPair('RS256')
  const jwks = (await pair.issuer.inject({ url: '/.well-known/jwks.json' })).json<{ keys: [JsonWebKey] }>()
  const publicPem = createPublicKey({ key: jwks.keys[0], format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString()
  return [
    ['the refresh token', session.refresh],
    ['a random string', 'f00ba7'],
    ['another audience', await sign({ ...claims, aud: 'some-other-api' })],
    ['another issuer', await sign({ ...claims, iss: 'https://evil.example' })],
    ['expired', await sign({ ...claims, iat: now - 1000, nbf: now - 1000, exp: now - 60 })],
    ['not yet valid', await sign({ ...claims, nbf: now + 300, exp: now + 900 })],
    ['typ JWT', await sign(claims, { typ: 'JWT' })],
    // Issue 11: an endless exp, a lifetime past the 24 h maximum, and another user's live session.
    ['exp 1e20', await sign({ ...claims, exp: 1e20 })],
    ['exp 24 h and 1 s past iat', await sign({ ...claims, exp: Number(claims.iat) + 86_401 })],
    ["another user's live session", await sign({ ...claims, sid: other.sessionId })],
    ['a jku header', await sign(claims, { jku: 'https://evil.example/jwks.json' })],
    ['tampered payload', `${header}.${b64({ ...claims, roles: ['admin'] })}.${signature}`],
    ['alg none', `${b64({ alg: 'none', typ: 'at+jwt', kid })}.${payload}.`],
    ['HS256 keyed with the public key', await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid }).sign(new TextEncoder().encode(publicPem))],
    ["an attacker's key with the issuer's kid", await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid }).sign(attacker.privateKey)],
  ]
}

function verifiers(pair: Pair): [string, App, string][] {
  return [
    ['resource service', pair.resource, '/me'],
    ['forward-auth route', pair.resource, '/auth/verify'],
    ["issuer's protected routes", pair.issuer, '/auth/sessions'],
  ]
}

t.test('every verifier refuses every token attack with 401 invalid_token', async (t) => {
  const pair = await startPair(t)
  const session = await login(pair.issuer)
  const other = await login(pair.issuer)
  const cases = await attacks(pair, session, other)
  for (const [where, app, url] of verifiers(pair)) {
    t.equal((await app.inject({ url, headers: bearer(session.access) })).statusCode, 200, `${where} accepts the real token`)
    t.equal((await app.inject({ url, headers: bearer(other.access) })).statusCode, 200, `${where} accepts the other user's own token`)
    for (const [label, token] of cases) {
      const response = await app.inject({ url, headers: bearer(token) })
      t.equal(response.statusCode, 401, `${where}: ${label}`)
      t.equal(response.headers['www-authenticate'], 'Bearer error="invalid_token"', `${where}: ${label}`)
    }
  }
})

t.test('a session revoked a moment ago is refused by every verifier', async (t) => {
  const pair = await startPair(t)
  for (const [where, app, url] of verifiers(pair)) {
    const session = await login(pair.issuer)
    t.equal((await app.inject({ url, headers: bearer(session.access) })).statusCode, 200, where)
    await pair.issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(session.access) })
    t.equal((await app.inject({ url, headers: bearer(session.access) })).statusCode, 401, where)
  }
})

t.test('an expired access token is refused once its short lifetime passes', async (t) => {
  const pair = await startPair(t, { ACCESS_TOKEN_TTL: '1s' })
  const session = await login(pair.issuer)
  t.equal((await pair.resource.inject({ url: '/me', headers: bearer(session.access) })).statusCode, 200)
  // 1 s lifetime plus the verifier's 5 s clock tolerance.
  await new Promise((resolve) => setTimeout(resolve, 6500))
  for (const [where, app, url] of verifiers(pair)) {
    t.equal((await app.inject({ url, headers: bearer(session.access) })).statusCode, 401, where)
  }
})
