import t from 'tap'
import { createLocalJWKSet, createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose'
import { testStores } from '@authpair/test-support'
import type { App } from '@authpair/http'
import { buildIssuerApp } from '../../src/app.js'
import { bearer, newAccount, signupAndLogin, testIssuerConfig } from '../helpers.js'

// Issue 13, with short timings: a next key every 2 s of signing, published 3 s ahead, JWKS cached 1 s, tokens live 4 s.
const TIMINGS = { SIGNING_KEY_ROTATION: '2s', SIGNING_KEY_PUBLISH_AHEAD: '3s', JWKS_MAX_AGE: '1s', ACCESS_TOKEN_TTL: '4s', CLOCK_TOLERANCE: '1s' }
const ISSUER = 'http://127.0.0.1:4000'
const VERIFY = { algorithms: ['RS256'], issuer: ISSUER, audience: 'authpair-api' }

/** A client that caches the JWKS exactly as long as its Cache-Control allows, and never refetches sooner. */
function cacheHonouringClient(url: string) {
  let held: { jwks: JSONWebKeySet; until: number } | undefined
  return async (): Promise<JSONWebKeySet> => {
    if (!held || Date.now() >= held.until) {
      const response = await fetch(url)
      const maxAge = Number(/max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1] ?? 0)
      held = { jwks: (await response.json()) as JSONWebKeySet, until: Date.now() + maxAge * 1000 }
    }
    return held.jwks
  }
}

t.test('issue 13: two issuers rotate three times under load with no failed request and no unknown kid', async (t) => {
  const stores = testStores('rotation')
  t.teardown(() => stores.cleanup())
  const config = testIssuerConfig(stores, TIMINGS)
  const issuers: App[] = await Promise.all([buildIssuerApp(config, { logLevel: false }), buildIssuerApp(config, { logLevel: false })])
  t.teardown(() => Promise.all(issuers.map((app) => app.close())))
  const address = await issuers[0]!.listen({ host: '127.0.0.1', port: 0 })
  const jwksUrl = `${address}/.well-known/jwks.json`
  const honouring = cacheHonouringClient(jwksUrl)
  const jose = createRemoteJWKSet(new URL(jwksUrl), { cacheMaxAge: 1000, cooldownDuration: 30_000 })

  const seen = new Set<string>()
  const signers = new Set<string>()
  const tokens: { kid: string; exp: number }[] = []
  const failures: string[] = []
  const deadline = Date.now() + 30_000
  let round = 0
  const account = newAccount('rot')
  await signupAndLogin(issuers[0]!, account)
  while (signers.size < 4 && Date.now() < deadline) {
    round += 1
    for (const app of issuers) for (const key of (await app.inject({ url: '/.well-known/jwks.json' })).json<JSONWebKeySet>().keys) seen.add(key.kid!)
    const [a, b] = round % 2 === 0 ? issuers : [issuers[1]!, issuers[0]!]
    const login = await signupAndLogin(a!, account)
    const { kid } = decodeProtectedHeader(login.access_token)
    if (!seen.has(kid!)) failures.push(`a token of ${kid} before its key was published`)
    signers.add(kid!)
    tokens.push({ kid: kid!, exp: Date.now() + 4000 })
    for (const app of issuers) {
      const me = await app.inject({ url: '/auth/sessions', headers: bearer(login.access_token) })
      if (me.statusCode !== 200) failures.push(`sessions ${me.statusCode} for ${kid}`)
    }
    const refresh = await b!.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: login.refresh_token } })
    if (refresh.statusCode !== 200) failures.push(`refresh ${refresh.statusCode}`)
    await jwtVerify(login.access_token, createLocalJWKSet(await honouring()), VERIFY).catch((e: Error) => failures.push(`cache-honouring client: ${e.name}`))
    await jwtVerify(login.access_token, jose, VERIFY).catch((e: Error) => failures.push(`jose remote set: ${e.name}`))
    // A key leaves the JWKS only once every token it signed has expired.
    const published = new Set((await issuers[1]!.inject({ url: '/.well-known/jwks.json' })).json<JSONWebKeySet>().keys.map((key) => key.kid))
    for (const token of tokens) if (!published.has(token.kid) && token.exp > Date.now()) failures.push(`${token.kid} left with a live token`)
    await new Promise((resolve) => setTimeout(resolve, 150))
  }
  t.same(failures, [], 'no failure')
  t.ok(signers.size >= 4, `three rotations seen (${signers.size} signing keys)`)
})

t.test('issue 13: the JWKS has an ETag and answers 304 to If-None-Match', async (t) => {
  const stores = testStores('etag')
  t.teardown(() => stores.cleanup())
  const app = await buildIssuerApp(testIssuerConfig(stores), { logLevel: false })
  t.teardown(() => app.close())
  const first = await app.inject({ url: '/.well-known/jwks.json' })
  t.match(first.headers.etag, /^"[\w-]+"$/)
  const again = await app.inject({ url: '/.well-known/jwks.json', headers: { 'if-none-match': String(first.headers.etag) } })
  t.equal(again.statusCode, 304)
  t.equal(again.body, '')
  t.equal((await app.inject({ url: '/.well-known/jwks.json', headers: { 'if-none-match': '"other"' } })).statusCode, 200)
})
