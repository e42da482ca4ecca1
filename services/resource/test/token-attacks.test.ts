import t from 'tap'
import type { Test } from 'tap'
import { CompactSign, SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose'
import { AUDIENCE, USER_ID, bearer, startResource, type TestResource } from './helpers.js'

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
    const withAttackerKey = await new SignJWT({ sid, roles: ['admin'], email: 'x@example.com', client_id: 'authpair' })
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
  // A signed sid that names another Redis key (here a set) must be a 401, not a WRONGTYPE 500.
  await resource.redis.sadd(`${resource.stores.keyPrefix}live:{${USER_ID}}:${sid}:retired`, 'a retired token hash')
  await expectInvalid(t, resource, await resource.mint({ sid: `${sid}:retired` }), 'sid not URL-safe')
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
  await resource.redis.del(`${resource.stores.keyPrefix}live:{${USER_ID}}:${sid}`)
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
  const rotated = await new SignJWT({ sid, roles: ['user'], email: 'ada@example.com', client_id: 'authpair' })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'test-key-2' })
    .setIssuer(resource.issuer.url).setAudience('authpair-api').setSubject(USER_ID).setJti('j2')
    .setIssuedAt().setNotBefore('0s').setExpirationTime('5m')
    .sign(next.privateKey)
  t.equal((await resource.app.inject({ url: '/me', headers: bearer(rotated) })).statusCode, 200, 'a newly published key is found')
})

/** Signs claims written as JSON text by hand, so a number JSON.stringify cannot write (1e309) reaches the service. */
function signText(resource: TestResource, sid: string, times: string): Promise<string> {
  const claims = `"iss":"${resource.issuer.url}","aud":"${AUDIENCE}","sub":"${USER_ID}","sid":"${sid}","jti":"j1","email":"ada@example.com","roles":["user"],"client_id":"authpair"`
  return new CompactSign(new TextEncoder().encode(`{${claims},${times}}`))
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: resource.issuer.kid })
    .sign(resource.issuer.key.privateKey)
}

t.test('issue 11: exp of 1e20 or 1e309, fractional times, a lifetime past the maximum and no iat are refused', async (t) => {
  const resource = await startResource(t)
  const sid = await resource.openSession()
  const now = Math.floor(Date.now() / 1000)
  t.equal((await resource.app.inject({ url: '/me', headers: bearer(await signText(resource, sid, `"iat":${now},"nbf":${now},"exp":${now + 900}`)) })).statusCode, 200, 'hand-written JSON of a valid token passes')
  for (const [label, times] of [
    ['exp 1e20', `"iat":${now},"nbf":${now},"exp":1e20`],
    ['exp 1e309', `"iat":${now},"nbf":${now},"exp":1e309`],
    ['fractional exp', `"iat":${now},"nbf":${now},"exp":${now + 900.5}`],
    ['exp 24 h and 1 s past iat', `"iat":${now},"nbf":${now},"exp":${now + 86_401}`],
    ['no iat', `"nbf":${now},"exp":${now + 900}`],
    ['iat a minute ahead', `"iat":${now + 60},"nbf":${now},"exp":${now + 900}`],
  ] as const) {
    const token = await signText(resource, sid, times)
    await expectInvalid(t, resource, token, label)
    await expectInvalid(t, resource, token, `${label}, again (not remembered)`)
  }
})

t.test('issue 11: MAX_TOKEN_LIFETIME bounds exp - iat', async (t) => {
  const resource = await startResource(t, { MAX_TOKEN_LIFETIME: '10m' })
  const sid = await resource.openSession()
  const now = Math.floor(Date.now() / 1000)
  await expectInvalid(t, resource, await resource.mint({ sid, iat: now, exp: now + 601 }), '601 s with a maximum of 10 min')
  t.equal((await resource.app.inject({ url: '/me', headers: bearer(await resource.mint({ sid, iat: now, exp: now + 600 })) })).statusCode, 200, '600 s passes')
})

for (const mode of ['strict', 'tracked']) {
  t.test(`issue 11 (${mode}): a token naming user A and user B's live session is refused`, async (t) => {
    const resource = await startResource(t, { VERIFY_MODE: mode })
    const userB = 'b'.repeat(24)
    const sessionOfB = await resource.openSession(userB)
    const own = await resource.mint({ sub: userB, sid: sessionOfB })
    for (let round = 0; round < 3; round++) {
      t.equal((await resource.app.inject({ url: '/me', headers: bearer(own) })).statusCode, 200, `round ${round}: B's own token passes`)
      await expectInvalid(t, resource, await resource.mint({ sub: USER_ID, sid: sessionOfB }), `round ${round}: A with B's session`)
      const forward = await resource.app.inject({ url: '/auth/verify', headers: bearer(await resource.mint({ sub: USER_ID, sid: sessionOfB, jti: `f${round}` })) })
      t.equal(forward.statusCode, 401, `round ${round}: forward-auth refuses it too`)
    }
  })
}
