// Issue 12, item 9: Caddy's forward_auth in front of services/forward-auth, run for real. infra/caddy/Caddyfile as it
// is, on loopback ports (admin off), in front of a real issuer, forward-auth and an echo upstream that shows what
// reaches it, on a private Redis and MongoDB. Without Caddy this file fails, saying to run scripts/setup.sh.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { requireCaddy, startCaddy, type CaddyGateway } from './caddy.js'
import { stopChild, waitForStatus } from './children.js'
import { freePorts, startInstance, startStores, type Instance } from './cluster.js'
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.js'
import { bearer, call, errorShape, login, newAccount } from './http.js'

interface CaddyStack {
  caddy: CaddyGateway
  /** The same Caddyfile with the echo server as its issuers too, to see what reaches the routes without forward_auth. */
  probe: CaddyGateway
  /** The same Caddyfile with forward-auth and the issuers at a port nothing listens on. */
  down: CaddyGateway
  issuer: Instance
  forwardAuth: Instance
  echo: EchoUpstream
}

/** Stores, the issuer, forward-auth, the echo upstream and Caddy; all stopped at the end of the file. */
async function startCaddyStack(caddyBinary: string): Promise<CaddyStack> {
  const dir = await mkdtemp(join(tmpdir(), 'authpair-caddy-'))
  const stoppers: (() => Promise<void>)[] = []
  t.teardown(async () => {
    for (const stop of stoppers.reverse()) await stop().catch(() => undefined)
    await rm(dir, { recursive: true, force: true })
  })
  const stores = await startStores(dir, stoppers)
  const ports = await freePorts(['caddy', 'probe', 'down', 'nothing', 'issuer', 'forwardAuth'] as const)
  const shared = { REDIS_URL: stores.redis.url, REDIS_KEY_PREFIX: 'caddy-test:', ISSUER_URL: `http://127.0.0.1:${ports.caddy}`, TRUST_PROXY: '127.0.0.1' }
  const issuer = startInstance('auth-issuer', ports.issuer, { ...shared, MONGO_URL: `${stores.mongo.url}/authpair_caddy`, BCRYPT_COST: '4', COOKIE_SECURE: 'false' })
  const forwardAuth = startInstance('forward-auth', ports.forwardAuth, { ...shared, JWKS_URL: `${issuer.url}/.well-known/jwks.json` })
  for (const instance of [issuer, forwardAuth]) stoppers.push(() => stopChild(instance.child))
  await Promise.all([issuer, forwardAuth].map((instance) => waitForStatus(instance.child, `${instance.url}/healthz`)))
  const echo = await startEchoUpstream()
  stoppers.push(() => echo.close())
  const upstreams = { issuers: [ports.issuer], forwardAuth: ports.forwardAuth, resources: [echo.port] }
  const caddy = startCaddy(caddyBinary, { dir: join(dir, 'caddy'), port: ports.caddy, upstreams })
  stoppers.push(() => caddy.stop())
  const probe = startCaddy(caddyBinary, { dir: join(dir, 'probe'), port: ports.probe, upstreams: { ...upstreams, issuers: [echo.port] } })
  stoppers.push(() => probe.stop())
  const nowhere = { issuers: [ports.nothing], forwardAuth: ports.nothing, resources: [ports.nothing] }
  const down = startCaddy(caddyBinary, { dir: join(dir, 'down'), port: ports.down, upstreams: nowhere })
  stoppers.push(() => down.stop())
  await waitForStatus(down.child, `${down.url}/.well-known/openid-configuration`, 503)
  await Promise.all([caddy, probe].map((gateway) => waitForStatus(gateway.child, `${gateway.url}/.well-known/openid-configuration`)))
  return { caddy, probe, down, issuer, forwardAuth, echo }
}

async function startIfPossible(): Promise<CaddyStack | undefined> {
  try {
    return await startCaddyStack(requireCaddy())
  } catch (error) {
    // Never a skip: a machine without Caddy has not been set up, and this test must say so.
    t.fail(error instanceof Error ? error.message : String(error))
    return undefined
  }
}

const stack = await startIfPossible()

function caddyTest(name: string, body: (t: Test, stack: CaddyStack) => Promise<void>): void {
  if (stack !== undefined) t.test(name, (t) => body(t, stack))
}

caddyTest('caddy validate accepts infra/caddy/Caddyfile', async (t, { caddy }) => {
  t.match(caddy.validation, /Valid configuration/)
})

caddyTest('login, a call through Caddy (the upstream sees the identity), logout, the next call 401', async (t, { caddy, echo }) => {
  const session = await login(caddy.url, newAccount('caddy'))
  const answer = await call(`${caddy.url}/api/me?page=2`, { headers: bearer(session.access) })
  t.equal(answer.status, 200)
  t.match(echo.seen.at(-1), {
    url: '/me?page=2',
    headers: { 'x-user-id': session.userId, 'x-user-roles': 'user', 'x-session-id': session.sessionId },
  }, 'the /api prefix is cut, and forward-auth\'s headers are copied onto the request')

  t.equal((await call(`${caddy.url}/auth/logout`, { method: 'POST', headers: bearer(session.access) })).status, 204)
  const before = echo.seen.length
  const after = await call(`${caddy.url}/api/me`, { headers: bearer(session.access) })
  t.equal(after.status, 401, 'refused on the very next request')
  t.equal(after.headers.get('www-authenticate'), 'Bearer error="invalid_token"', 'forward-auth\'s challenge')
  t.match(after.json(), errorShape(401, 'Unauthorized', 'invalid_token'), 'and its body, in the contract\'s shape')
  t.equal(echo.seen.length, before, 'a refused request never reaches the upstream')
})

caddyTest('identity headers a client sends are dropped on every route, with a token and without', async (t, { caddy, probe, echo }) => {
  const session = await login(caddy.url, newAccount('forged'))
  const forged = { 'x-user-id': '000000000000000000000000', 'x-user-roles': 'admin', 'x-session-id': 'forged' }
  t.equal((await call(`${caddy.url}/api/me`, { headers: { ...bearer(session.access), ...forged } })).status, 200)
  t.match(echo.seen.at(-1)?.headers, { 'x-user-id': session.userId, 'x-user-roles': 'user', 'x-session-id': session.sessionId })

  const before = echo.seen.length
  const refused = await call(`${caddy.url}/api/me`, { headers: forged })
  t.equal(refused.status, 401, 'forged identity headers without a token are refused')
  t.equal(refused.headers.get('www-authenticate'), 'Bearer')
  t.equal(echo.seen.length, before, 'and never reach the upstream')

  // Where no forward_auth runs (the issuer routes), only request_header stands between a client and the upstream.
  for (const path of ['/auth/login', '/.well-known/jwks.json']) {
    await call(`${probe.url}${path}`, { headers: forged })
    const seen = echo.seen.at(-1)
    t.equal(seen?.url, path, `${path} reached the probe's issuer`)
    for (const header of Object.keys(forged)) t.notOk(seen?.headers[header], `${path}: ${header} dropped`)
  }
})

caddyTest('/api/admin/* asks for the admin role: 403 with the scope challenge for a user', async (t, { caddy, echo }) => {
  const session = await login(caddy.url, newAccount('caddy-user'))
  const before = echo.seen.length
  // The client's query cannot change the role asked for.
  const refused = await call(`${caddy.url}/api/admin/ping?role=user`, { headers: bearer(session.access) })
  t.equal(refused.status, 403)
  t.match(refused.headers.get('www-authenticate'), /^Bearer error="insufficient_scope"/)
  t.match(refused.json(), errorShape(403, 'Forbidden', 'insufficient_scope'))
  t.equal(echo.seen.length, before)
})

caddyTest('unknown paths and /api/metrics: 404 in the error shape, nothing proxied', async (t, { caddy }) => {
  for (const path of ['/', '/metrics', '/api/metrics', '/users/000000000000000000000000']) {
    const answer = await call(`${caddy.url}${path}`)
    t.equal(answer.status, 404, path)
    t.match(answer.json(), errorShape(404, 'Not Found', 'not_found'), path)
  }
})

caddyTest('forward-auth or an upstream unreachable: 503 in the error shape, never an empty 502', async (t, { down }) => {
  for (const path of ['/api/me', '/auth/login']) {
    const answer = await call(`${down.url}${path}`, { headers: bearer('any.token.here') })
    t.equal(answer.status, 503, path)
    t.match(answer.json(), errorShape(503, 'Service Unavailable', 'unavailable'), path)
    t.equal(answer.headers.get('retry-after'), '5', path)
    t.equal(answer.headers.get('cache-control'), 'no-store', path)
  }
})

caddyTest('the services logged no server errors', async (t, { issuer, forwardAuth }) => {
  t.same([issuer, forwardAuth].flatMap((i) => i.child.lines().filter((line) => /"level":(50|60)/.test(line))), [])
})
