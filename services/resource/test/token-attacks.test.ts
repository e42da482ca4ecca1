import t from 'tap'
import type { Test } from 'tap'
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose'
import { bearer, startResource, type TestResource } from './helpers.js'

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')

async function expectInvalid(t: Test, resource: TestResource, token: string, label: string) {
  const response = await resource.app.inject({ url: '/me', headers: bearer(token) })
  t.equal(response.statusCode, 401, label)
  t.equal(response.json().code, 'invalid_token', label)
  t.equal(response.headers['www-authenticate'], 'Bearer error="invalid_token"', label)
}

t.test('no token: 401 with a bare Bearer challenge', async (t) => {
  const resource = await startResource(t)
  const response = await resource.app.inject({ url: '/me' })
  t.equal(response.statusCode, 401)
  t.equal(response.headers['www-authenticate'], 'Bearer')
  t.equal(response.json().code, 'invalid_token')
})

t.test('malformed tokens and things that are not access tokens', async (t) => {
  const resource = await startResource(t)
  const sid = await resource.openSession()
  for (const [label, token] of [
    ['random string', 'hello-world'],
    ['two parts', 'aaa.bbb'],
    ['a refresh token', `${sid}.${'A'.repeat(43)}`],
    ['not base64 JSON', 'e30.e30.e30'],
    ['characters outside b64token', 'e30.e30!.e30'],
    ['huge', `${'a'.repeat(5000)}.b.c`],
  ]) {
    await expectInvalid(t, resource, token!, label!)
  }
})

t.test('signature and algorithm attacks', async (t) => {
  const resource = await startResource(t)
  const sid = await resource.openSession()
  const valid = await resource.mint({ sid })
  const [header, payload, signature] = valid.split('.')
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString())

  await expectInvalid(t, resource, `${header}.${b64({ ...claims, roles: ['admin'] })}.${signature}`, 'tampered payload')
  await expectInvalid(t, resource, `${header}.${payload}.${signature!.slice(0, -4)}AAAA`, 'bad signature')
  await expectInvalid(t, resource, `${b64({ alg: 'none', typ: 'at+jwt', kid: resource.issuer.kid })}.${payload}.`, 'alg none')

  const publicPem = await exportSPKI(resource.issuer.key.publicKey)
  const hs256 = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: resource.issuer.kid })
    .sign(new TextEncoder().encode(publicPem))
  await expectInvalid(t, resource, hs256, 'HS256 signed with the public key')

  const attacker = await generateKeyPair('RS256', { extractable: true })
  const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: resource.issuer.kid }).sign(attacker.privateKey)
  await expectInvalid(t, resource, forged, "an attacker's key with the issuer's kid")

  const ps256Keys = await generateKeyPair('PS256', { extractable: true })
  const ps256 = await new SignJWT(claims).setProtectedHeader({ alg: 'PS256', typ: 'at+jwt', kid: resource.issuer.kid }).sign(ps256Keys.privateKey)
  await expectInvalid(t, resource, ps256, 'another RSA algorithm')
})

t.test('jku, x5u and jwk headers are never fetched and never trusted', async (t) => {
  const resource = await startResource(t)
  const sid = await resource.openSession()
  const attacker = await generateKeyPair('RS256', { extractable: true })
  const attackerJwk = await exportJWK(attacker.publicKey)
  const fetchesBefore = resource.issuer.fetches
  for (const extra of [
    { jku: `${resource.issuer.url}/evil-jwks.json` },
    { x5u: `${resource.issuer.url}/evil-cert.pem` },
    { jwk: attackerJwk },
  ]) {
    const byAttacker = await resource.mint({ sid }, { ...extra, kid: 'attacker' })
    const signedByUs = await resource.mint({ sid }, extra)
    const withAttackerKey = await new SignJWT({ sid, roles: ['admin'], email: 'x@example.com' })
      .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', ...extra })
      .setIssuer(resource.issuer.url).setAudience('authpair-api').setSubject('a'.repeat(24)).setJti('j')
      .setIssuedAt().setNotBefore('0s').setExpirationTime('5m')
      .sign(attacker.privateKey)
    for (const token of [byAttacker, signedByUs, withAttackerKey]) await expectInvalid(t, resource, token, Object.keys(extra)[0]!)
  }
  t.equal(resource.issuer.fetches, fetchesBefore, 'nothing was fetched for them')
})

t.test('typ, iss, aud, exp, nbf and required claims are checked', async (t) => {
  const resource = await startResource(t)
  const sid = await resource.openSession()
  const now = Math.floor(Date.now() / 1000)
  await expectInvalid(t, resource, await resource.mint({ sid }, { typ: 'JWT' }), 'typ JWT')
  await expectInvalid(t, resource, await resource.mint({ sid }, { typ: undefined }), 'no typ')
  await expectInvalid(t, resource, await resource.mint({ sid, iss: 'http://evil.example' }), 'wrong iss')
  await expectInvalid(t, resource, await resource.mint({ sid, aud: 'another-api' }), 'wrong aud')
  await expectInvalid(t, resource, await resource.mint({ sid, exp: now - 60, iat: now - 960, nbf: now - 960 }), 'expired')
  await expectInvalid(t, resource, await resource.mint({ sid, nbf: now + 60 }), 'not yet valid')
  await expectInvalid(t, resource, await resource.mint({ sid: undefined }), 'no sid')
  await expectInvalid(t, resource, await resource.mint({ sid, roles: 'admin' }), 'roles not an array')
  await expectInvalid(t, resource, await resource.mint({ sid, email: undefined }), 'no email')
  const skewed = await resource.mint({ sid, exp: now - 2 })
  t.equal((await resource.app.inject({ url: '/me', headers: bearer(skewed) })).statusCode, 200, 'within the clock tolerance')
})

t.test('a session that no longer lives refuses its token', async (t) => {
  const resource = await startResource(t)
  const sid = await resource.openSession()
  const token = await resource.mint({ sid })
  t.equal((await resource.app.inject({ url: '/me', headers: bearer(token) })).statusCode, 200)
  await resource.redis.del(`${resource.stores.keyPrefix}sess:${sid}`)
  await expectInvalid(t, resource, token, 'revoked a moment ago')
  await expectInvalid(t, resource, await resource.mint({ sid: 'A'.repeat(22) }), 'never existed')
})

t.test('an unknown kid triggers one JWKS refetch (rate-limited) and is refused when not found', async (t) => {
  const resource = await startResource(t, { JWKS_COOLDOWN: '1s' })
  const sid = await resource.openSession()
  await new Promise((resolve) => setTimeout(resolve, 1100))
  const before = resource.issuer.fetches
  await expectInvalid(t, resource, await resource.mint({ sid }, { kid: 'rotated-away' }), 'unknown kid')
  t.equal(resource.issuer.fetches, before + 1, 'refetched once')
  await expectInvalid(t, resource, await resource.mint({ sid }, { kid: 'rotated-away-2' }), 'unknown kid again')
  t.equal(resource.issuer.fetches, before + 1, 'not again within the cooldown')

  const next = await generateKeyPair('RS256', { extractable: true })
  resource.issuer.publish({ ...(await exportJWK(next.publicKey)), kid: 'test-key-2', use: 'sig', alg: 'RS256' })
  await new Promise((resolve) => setTimeout(resolve, 1100))
  const rotated = await new SignJWT({ sid, roles: ['user'], email: 'ada@example.com' })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'test-key-2' })
    .setIssuer(resource.issuer.url).setAudience('authpair-api').setSubject('a'.repeat(24)).setJti('j2')
    .setIssuedAt().setNotBefore('0s').setExpirationTime('5m')
    .sign(next.privateKey)
  t.equal((await resource.app.inject({ url: '/me', headers: bearer(rotated) })).statusCode, 200, 'a newly published key is found')
})
