// Issue 13, item 6: an unknown `kid` makes at most one JWKS fetch at a time and at most one per cooldown. A flood of
// tokens naming random kids (an attacker's cheapest way to make every verifier hammer the issuer) never makes more.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { randomBytes } from 'node:crypto'
import t, { type Test } from 'tap'
import { BearerError, createTokenVerifier, remoteKeySource, type RemoteKeySourceOptions } from '../src/index.js'
import { AUDIENCE, ISSUER, jwks, mint } from './test-tokens.js'

/** A JWKS server that counts what it is asked; it answers slowly, so concurrent fetches would overlap. */
async function countingJwks(t: Test): Promise<{ url: string; requests: () => number }> {
  let requests = 0
  const server = createServer((_request, response) => {
    requests += 1
    setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks)), 50)
  })
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  t.teardown(() => new Promise<void>((closed) => {
    server.closeAllConnections()
    server.close(() => closed())
  }))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`, requests: () => requests }
}

async function flood(t: Test, options: RemoteKeySourceOptions) {
  const jwksServer = await countingJwks(t)
  const keys = remoteKeySource(jwksServer.url, options)
  t.teardown(() => keys.close())
  await keys.refresh('start')
  const verifier = createTokenVerifier({ keys: keys.getKey, issuer: ISSUER, audience: AUDIENCE, sessions: { isLive: async () => true } })
  const tokens = await Promise.all(Array.from({ length: 300 }, () => mint(randomBytes(8).toString('hex'))))
  // Three waves: all at once, then two more after the first fetch has finished.
  const outcomes: unknown[] = []
  for (let wave = 0; wave < 3; wave += 1) {
    const slice = tokens.slice(wave * 100, wave * 100 + 100)
    outcomes.push(...(await Promise.allSettled(slice.map((token) => verifier.verify(token)))))
  }
  return { outcomes, requests: jwksServer.requests(), good: await verifier.verify(await mint('k1')) }
}

t.test('300 tokens with random kids in three waves, within the cooldown of the start fetch: no further fetch', async (t) => {
  const { outcomes, requests, good } = await flood(t, { cooldownMs: 30_000 })
  // jose's cooldown runs from the last fetch, the start one included: within it, an unknown kid is refused at once.
  t.equal(requests, 1, 'the issuer saw the start fetch only')
  t.ok(outcomes.every((o) => (o as PromiseSettledResult<unknown>).status === 'rejected'), 'every one is refused')
  const reasons = outcomes.map((o) => (o as PromiseRejectedResult).reason as unknown)
  t.ok(reasons.every((reason) => reason instanceof BearerError && reason.kind === 'invalid_token'), 'every one is 401 invalid_token, none 503')
  t.equal(good.userId, 'u1', 'a token of the published key still passes')
})

t.test('the same flood with no cooldown fetches for every wave (what the cooldown prevents)', async (t) => {
  const { requests } = await flood(t, { cooldownMs: 0 })
  t.ok(requests >= 4, `${requests} requests: at least one per wave beside the start`)
})

t.test('past the cooldown, a flood makes one fetch however many tokens are in flight', async (t) => {
  const { requests } = await flood(t, { cooldownMs: 1 })
  t.ok(requests >= 2 && requests <= 4, `${requests} requests: at most one per wave (the fetch is shared while it runs)`)
})
