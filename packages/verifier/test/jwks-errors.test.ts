// Issue 12, item 4: the verifier told JWKS trouble from token trouble by matching message text. The remote key
// source's fetch now throws UnavailableError('jwks') itself; these check each way a JWKS can fail, end to end.
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import { findFreePort } from '@authpair/local-servers'
import { createTokenVerifier, errorAnswer, remoteKeySource, ContractError, type RemoteKeySourceOptions } from '../src/index.js'
import { AUDIENCE, ISSUER, jwks, mint } from './test-tokens.js'

type Answer = (response: ServerResponse) => void

/** A JWKS server on a port the OS picks, answering as `answer` says. */
async function jwksServer(t: Test, answer: Answer): Promise<string> {
  const server: Server = createServer((_request, response) => answer(response))
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening))
  t.teardown(() => new Promise<void>((closed) => {
    server.closeAllConnections()
    server.close(() => closed())
  }))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`
}

/** What one verification answers over HTTP: status and code, through the verifier's own error answer. */
async function outcome(url: string, kid = 'k1', options: RemoteKeySourceOptions = {}) {
  const fetches: string[] = []
  const keys = remoteKeySource(url, { cooldownMs: 0, ...options, onFetch: (result) => fetches.push(result) })
  const verifier = createTokenVerifier({ keys: keys.getKey, issuer: ISSUER, audience: AUDIENCE, sessions: { isLive: async () => true } })
  try {
    const principal = await verifier.verify(await mint(kid))
    return { status: 200, code: principal.userId, fetches }
  } catch (error) {
    if (!(error instanceof ContractError)) throw error
    const { statusCode, body } = errorAnswer(error)
    return { status: statusCode, code: body.code, fetches }
  } finally {
    keys.close()
  }
}

const json = (body: unknown): Answer => (response) => {
  response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body))
}

t.test('a reachable JWKS: the token passes (the baseline)', async (t) => {
  t.same(await outcome(await jwksServer(t, json(jwks))), { status: 200, code: 'u1', fetches: ['ok'] })
})

t.test('a JWKS URL on a closed port is 503 unavailable, not a bad token', async (t) => {
  const url = `http://127.0.0.1:${await findFreePort()}/.well-known/jwks.json`
  t.same(await outcome(url), { status: 503, code: 'unavailable', fetches: ['failed'] })
})

t.test('a JWKS answering 500 is 503 unavailable', async (t) => {
  const url = await jwksServer(t, (response) => response.writeHead(500).end('oops'))
  t.same(await outcome(url), { status: 503, code: 'unavailable', fetches: ['failed'] })
})

t.test('a JWKS answering garbage is 503 unavailable', async (t) => {
  const url = await jwksServer(t, (response) => response.writeHead(200, { 'content-type': 'application/json' }).end('<html>not json'))
  t.same(await outcome(url), { status: 503, code: 'unavailable', fetches: ['failed'] })
})

t.test('a JWKS answering JSON that is no key set is 503 unavailable (jose: JWKSInvalid)', async (t) => {
  t.same(await outcome(await jwksServer(t, json({ keys: 'none' }))), { status: 503, code: 'unavailable', fetches: ['ok'] })
})

t.test('a JWKS that does not answer within the timeout is 503 unavailable', async (t) => {
  const url = await jwksServer(t, () => undefined)
  t.same(await outcome(url, 'k1', { timeoutMs: 100 }), { status: 503, code: 'unavailable', fetches: ['failed'] })
})

t.test('an unknown kid with a reachable JWKS is 401 invalid_token', async (t) => {
  const result = await outcome(await jwksServer(t, json(jwks)), 'k-unknown')
  t.equal(result.status, 401)
  t.equal(result.code, 'invalid_token')
})

t.test('a key source that fails with a bug of its own is not taken for an unreachable JWKS (issue 12)', async (t) => {
  // The old mapping read any TypeError mentioning "fetch" as the JWKS being down: 503, retried for ever.
  const bug = new TypeError("Cannot read properties of undefined (reading 'fetchKey')")
  const verifier = createTokenVerifier({
    keys: () => Promise.reject(bug),
    issuer: ISSUER,
    audience: AUDIENCE,
    sessions: { isLive: async () => true },
  })
  const error = await verifier.verify(await mint()).catch((caught: unknown) => caught)
  t.equal(error, bug, 'the error as it is: a 500 with a generic body, logged')
})
