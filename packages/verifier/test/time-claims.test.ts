// Issue 11: a verifier accepted `exp` 1e20 or 1e309 (Infinity once parsed), which the verified-token cache then kept
// forever. Time claims must be whole seconds, `iat` present and not in the future, and `exp` within a maximum lifetime.
import t from 'tap'
import { CompactSign, exportJWK, generateKeyPair } from 'jose'
import { BearerError, createTokenVerifier, localKeySource, type TokenVerifierOptions } from '../src/index.js'

const ISSUER = 'https://issuer.test'
const AUDIENCE = 'authpair-api'
const key = await generateKeyPair('RS256', { extractable: true })
const jwks = { keys: [{ ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] }
const now = Math.floor(Date.now() / 1000)

/**
 * Signs a payload given as JSON text, so numbers JSON.stringify cannot write (1e309) reach the verifier literally.
 * `times` is spliced in as written, e.g. `"exp":1e309`.
 */
function signText(times: string): Promise<string> {
  const claims = `"iss":"${ISSUER}","aud":"${AUDIENCE}","sub":"u1","sid":"sid-1","jti":"j1","email":"ada@example.com","roles":["user"],"client_id":"authpair"`
  const json = `{${claims},${times}}`
  return new CompactSign(new TextEncoder().encode(json)).setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'k1' }).sign(key.privateKey)
}

function verifierWith(overrides: Partial<TokenVerifierOptions> = {}) {
  const lookups: boolean[] = []
  const verifier = createTokenVerifier({
    keys: localKeySource(jwks),
    issuer: ISSUER,
    audience: AUDIENCE,
    sessions: { isLive: async () => true },
    onCacheLookup: (hit) => lookups.push(hit),
    ...overrides,
  })
  return { verifier, lookups }
}

const code = (error: unknown) => (error instanceof BearerError ? error.code : String(error))

t.test('a well-formed token passes and is remembered (the baseline the refusals are measured against)', async (t) => {
  const { verifier, lookups } = verifierWith()
  const token = await signText(`"iat":${now},"nbf":${now},"exp":${now + 900}`)
  t.equal((await verifier.verify(token)).expiresAt, now + 900)
  await verifier.verify(token)
  t.same(lookups, [false, true])
})

t.test('issue 11: time claims that are not whole seconds, or beyond the lifetime, are refused and never cached', async (t) => {
  const day = 24 * 3600
  const cases: [string, string][] = [
    ['exp 1e20', `"iat":${now},"nbf":${now},"exp":1e20`],
    ['exp 1e309 (Infinity when parsed)', `"iat":${now},"nbf":${now},"exp":1e309`],
    ['fractional exp', `"iat":${now},"nbf":${now},"exp":${now + 900}.5`],
    ['fractional iat', `"iat":${now}.25,"nbf":${now},"exp":${now + 900}`],
    ['nbf -1e309', `"iat":${now},"nbf":-1e309,"exp":${now + 900}`],
    ['exp - iat past the default maximum of 24 h', `"iat":${now},"nbf":${now},"exp":${now + day + 1}`],
    ['iat missing (RFC 9068 requires it)', `"nbf":${now},"exp":${now + 900}`],
    ['iat a string', `"iat":"${now}","nbf":${now},"exp":${now + 900}`],
    ['iat in the future beyond the clock tolerance', `"iat":${now + 60},"nbf":${now},"exp":${now + 900}`],
  ]
  for (const [label, times] of cases) {
    const { verifier, lookups } = verifierWith()
    const token = await signText(times)
    for (let attempt = 0; attempt < 2; attempt++) {
      const error = await verifier.verify(token).catch((e: unknown) => e)
      t.equal(code(error), 'invalid_token', `${label}, attempt ${attempt}`)
    }
    t.same(lookups, [false, false], `${label}: never remembered in the token cache`)
  }
})

t.test('maxLifetimeSeconds bounds exp - iat; iat within the clock tolerance is accepted', async (t) => {
  const { verifier } = verifierWith({ maxLifetimeSeconds: 600 })
  const long = await signText(`"iat":${now},"nbf":${now},"exp":${now + 601}`)
  t.equal(code(await verifier.verify(long).catch((e: unknown) => e)), 'invalid_token', '601 s past iat with a maximum of 600')
  const exact = await signText(`"iat":${now},"nbf":${now},"exp":${now + 600}`)
  t.equal((await verifier.verify(exact)).expiresAt, now + 600, 'exactly the maximum passes')
  const skewed = await signText(`"iat":${now + 3},"nbf":${now},"exp":${now + 600}`)
  t.equal((await verifier.verify(skewed)).expiresAt, now + 600, 'iat 3 s ahead, within the 5 s tolerance')
})

t.test('a maximum lifetime that is not a positive number is a TypeError at creation', async (t) => {
  for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    t.throws(() => verifierWith({ maxLifetimeSeconds: bad }), TypeError, String(bad))
  }
})
