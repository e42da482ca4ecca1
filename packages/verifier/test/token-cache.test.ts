// Issue 6: a verified token is remembered so its signature is checked once; the cache must never widen what passes.
import t from 'tap'
import { SignJWT, exportJWK, generateKeyPair } from 'jose'
import { BearerError, createTokenVerifier, localKeySource, type TokenVerifierOptions } from '../src/index.js'

const ISSUER = 'https://issuer.test'
const AUDIENCE = 'authpair-api'
const key = await generateKeyPair('RS256', { extractable: true })
const jwks = { keys: [{ ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] }

async function mint(lifetimeSeconds = 900, sid = 'sid-1'): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ sid, roles: ['user'], email: 'ada@example.com', client_id: 'authpair' })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'k1' })
    .setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('u1').setJti(`j-${sid}-${now}`)
    .setIssuedAt(now).setNotBefore(now).setExpirationTime(now + lifetimeSeconds)
    .sign(key.privateKey)
}

function verifierWith(overrides: Partial<TokenVerifierOptions> = {}) {
  const lookups: boolean[] = []
  const revoked = new Set<string>()
  const verifier = createTokenVerifier({
    keys: localKeySource(jwks),
    issuer: ISSUER,
    audience: AUDIENCE,
    sessions: { isLive: async (sid) => !revoked.has(sid) },
    onCacheLookup: (hit) => lookups.push(hit),
    ...overrides,
  })
  return { verifier, lookups, revoked }
}

const code = (error: unknown) => (error instanceof BearerError ? error.code : String(error))

t.test('the second verification of a token is a cache hit with the same principal', async (t) => {
  const { verifier, lookups } = verifierWith()
  const token = await mint()
  const first = await verifier.verify(token)
  const second = await verifier.verify(token)
  t.same(lookups, [false, true])
  t.same(second, first)
  verifier.clearCache()
  await verifier.verify(token)
  t.same(lookups, [false, true, false], 'clearCache forgets it')
})

t.test('a cached token still needs a live session', async (t) => {
  const { verifier, revoked } = verifierWith()
  const token = await mint()
  await verifier.verify(token)
  revoked.add('sid-1')
  const error = await verifier.verify(token).catch((e: unknown) => e)
  t.equal(code(error), 'invalid_token', 'refused although its signature is remembered')
})

t.test('a cached token is refused once it expires (issue 12: a frozen clock, no sleeping)', async (t) => {
  let clock = Date.now()
  const { verifier, lookups } = verifierWith({ clockToleranceSeconds: 0, now: () => clock })
  const token = await mint(1)
  await verifier.verify(token)
  await verifier.verify(token)
  t.same(lookups, [false, true], 'remembered while valid')
  clock += 2100
  const error = await verifier.verify(token).catch((e: unknown) => e)
  t.equal(code(error), 'invalid_token', 'expired: refused, not answered from the cache')
  t.same(lookups, [false, true, false])
})

t.test('a token differing from a cached one in one character is verified afresh and refused', async (t) => {
  const { verifier, lookups } = verifierWith()
  const token = await mint()
  await verifier.verify(token)
  const last = token.at(-2) === 'A' ? 'B' : 'A'
  const tampered = `${token.slice(0, -2)}${last}${token.at(-1)}`
  const error = await verifier.verify(tampered).catch((e: unknown) => e)
  t.equal(code(error), 'invalid_token')
  t.same(lookups, [false, false])
})

t.test('a token ending like a cached one (same signature, other claims) is verified afresh and refused', async (t) => {
  const { verifier, lookups } = verifierWith()
  const token = await mint()
  await verifier.verify(token)
  const [header, payload, signature] = token.split('.')
  const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as Record<string, unknown>
  const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url')}.${signature}`
  t.equal(forged.slice(-64), token.slice(-64), 'the cache key is the same')
  const error = await verifier.verify(forged).catch((e: unknown) => e)
  t.equal(code(error), 'invalid_token')
  t.same(lookups, [false, false])
  t.same((await verifier.verify(token)).roles, ['user'], 'the real token is still answered')
})

t.test('characters outside the b64token syntax are refused, even around a cached token', async (t) => {
  const { verifier } = verifierWith()
  const token = await mint()
  await verifier.verify(token)
  for (const bad of [`${token}!`, ` ${token}`, `${token.slice(0, 20)} ${token.slice(20)}`]) {
    const error = await verifier.verify(bad).catch((e: unknown) => e)
    t.equal(code(error), 'invalid_token', JSON.stringify(bad.slice(0, 24)))
  }
})

t.test('cacheSize 0 turns the cache off; the cache is bounded by cacheSize', async (t) => {
  const off = verifierWith({ cacheSize: 0 })
  const token = await mint()
  await off.verifier.verify(token)
  await off.verifier.verify(token)
  t.same(off.lookups, [false, false])

  const small = verifierWith({ cacheSize: 2 })
  const tokens = await Promise.all(['a', 'b', 'c'].map((sid) => mint(900, sid)))
  for (const each of tokens) await small.verifier.verify(each)
  await small.verifier.verify(tokens[0]!)
  t.same(small.lookups, [false, false, false, false], 'the oldest of three was evicted from a cache of two')
})
