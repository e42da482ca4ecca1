// The nginx gateway of infra/ (infra/nginx/gateway-routes.conf), run without Docker: real nginx in front of two
// issuers and two resource services, its auth_request answered by services/forward-auth (issue 12, item 9), all as
// child processes on loopback ports, on a private Redis and MongoDB.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { ADMIN, startCluster, type Cluster } from './cluster.js'
import { ECHO_IDENTITY } from './echo-upstream.js'
import { bearer, call, claimsOf, errorShape, login, newAccount } from './http.js'
import { locateNginx } from './nginx.js'

const JSON_TYPE = /^application\/json/

async function startIfPossible(): Promise<Cluster | undefined> {
  let nginx: string
  try {
    nginx = locateNginx()
  } catch (error) {
    // Never a skip: a machine without nginx has not been set up, and this test must say so.
    t.fail(error instanceof Error ? error.message : String(error))
    return undefined
  }
  const started = await startCluster(nginx)
  t.teardown(() => started.stop())
  return started
}

const cluster = await startIfPossible()

/** A subtest on the running cluster (none without nginx: the file has already failed then). */
function gatewayTest(name: string, body: (t: Test, cluster: Cluster) => Promise<void>): void {
  if (cluster !== undefined) t.test(name, (t) => body(t, cluster))
}

const me = (base: string, token: string) => call(`${base}/me`, { headers: bearer(token) })

gatewayTest('every generated config passes nginx -t', async (t, { gateway, probe, spy, blind }) => {
  for (const g of [gateway, probe, spy, blind]) t.match(g.configCheck, /syntax is ok[\s\S]*test is successful/)
})

gatewayTest('signup, login and /api/me through the gateway', async (t, { gateway }) => {
  const account = newAccount('flow')
  const signup = await call(`${gateway.url}/auth/signup`, { method: 'POST', body: { ...account, name: 'Flow' } })
  t.equal(signup.status, 201)
  const user = signup.json<{ user: { id: string; roles: string[] } }>().user
  t.match(user, { id: /^[0-9a-f]{24}$/, roles: ['user'] })
  const session = await login(gateway.url, account, false)
  t.equal(claimsOf(session.access)['iss'], gateway.url, 'tokens carry the public (gateway) URL as iss')
  t.ok(session.cookies.some((c) => /^access_token=.*HttpOnly/i.test(c) && !/Secure/i.test(c)), 'cookies without Secure (COOKIE_SECURE=false)')

  const answer = await call(`${gateway.url}/api/me`, { headers: bearer(session.access) })
  t.equal(answer.status, 200)
  t.same(answer.json(), { sub: user.id, sid: session.sessionId, email: account.email, roles: ['user'] })
  const forged = await call(`${gateway.url}/api/me`, { headers: { ...bearer(session.access), 'x-user-id': '000000000000000000000000' } })
  t.equal(forged.json()['sub'], user.id, 'a client-sent X-User-Id changes nothing')
  const traced = await call(`${gateway.url}/api/me`, { headers: { ...bearer(session.access), 'x-request-id': 'gw-test-me' } })
  t.equal(traced.headers.get('x-request-id'), 'gw-test-me', 'the caller\'s request id reaches the resource service')
  const byCookie = await call(`${gateway.url}/api/me`, { headers: { cookie: `access_token=${session.access}` } })
  t.equal(byCookie.status, 200, 'the access_token cookie reaches the verifier too')
  t.equal(byCookie.json()['sub'], user.id)

  const discovery = await call(`${gateway.url}/.well-known/openid-configuration`)
  t.match(discovery.json(), { issuer: gateway.url, jwks_uri: `${gateway.url}/.well-known/jwks.json` })
})

gatewayTest('cookie-authenticated writes: the gateway\'s own origin passes, another is refused', async (t, { gateway }) => {
  const session = await login(gateway.url, newAccount('cookie'))
  const cookie = `access_token=${session.access}`
  const own = await call(`${gateway.url}/api/todos`, { method: 'POST', headers: { cookie, origin: gateway.url }, body: { title: 'same origin' } })
  t.equal(own.status, 201, 'the services see the gateway\'s Host, so its origin is their own')
  const other = await call(`${gateway.url}/api/todos`, { method: 'POST', headers: { cookie, origin: 'http://evil.example' }, body: { title: 'cross site' } })
  t.equal(other.status, 403)
})

gatewayTest('upstreams get the identity from the verifier, never from the client', async (t, { gateway, probe, echo }) => {
  const session = await login(gateway.url, newAccount('probe'))
  const forged = { 'x-user-id': '000000000000000000000000', 'x-user-roles': 'admin', 'x-session-id': 'forged', 'x-forwarded-for': '203.0.113.9' }
  const answer = await call(`${probe.url}/api/me?page=2`, { headers: { ...bearer(session.access), ...forged, 'x-request-id': 'gw-test-1' } })
  t.equal(answer.status, 200)
  const seen = echo.seen.at(-1)!
  t.equal(seen.url, '/me?page=2', 'the /api prefix is stripped, the query kept')
  t.match(seen.headers, {
    'x-user-id': session.userId,
    'x-user-roles': 'user',
    'x-session-id': session.sessionId,
    'x-forwarded-for': '127.0.0.1',
    'x-real-ip': '127.0.0.1',
    'x-request-id': 'gw-test-1',
    authorization: `Bearer ${session.access}`,
  })

  const body = { title: 'through the gateway', note: 'x'.repeat(4000) }
  t.equal((await call(`${probe.url}/api/todos`, { method: 'POST', headers: bearer(session.access), body })).status, 200)
  t.match(echo.seen.at(-1), { method: 'POST', url: '/todos', body: JSON.stringify(body) }, 'the body reaches the upstream whole')

  await call(`${probe.url}/api/me`, { headers: { ...bearer(session.access), 'x-request-id': 'not a plain id' } })
  t.match(echo.seen.at(-1)!.headers['x-request-id'], /^[0-9a-f]{32}$/, 'an unusable request id is replaced by nginx\'s')

  const before = echo.seen.length
  const refused = await call(`${probe.url}/api/me`, { headers: forged })
  t.equal(refused.status, 401, 'forged identity headers without a token are refused')
  t.equal(echo.seen.length, before, 'a refused request never reaches the upstream')
})

gatewayTest('the auth subrequest: the token and cookies, never the body', async (t, { spy, echo }) => {
  const before = echo.seen.length
  const body = { title: 'x'.repeat(2000) }
  const headers = { authorization: 'Bearer any', cookie: 'access_token=any; other=1', 'x-request-id': 'gw-test-spy' }
  t.equal((await call(`${spy.url}/api/todos?done=false`, { method: 'POST', headers, body })).status, 200)
  const [check, upstream] = echo.seen.slice(before)
  t.match(check, { method: 'GET', url: '/auth/verify', body: '', headers: { ...headers, 'x-forwarded-method': 'POST', 'x-forwarded-uri': '/api/todos?done=false' } })
  t.notOk(check?.headers['content-length'], 'no Content-Length on the check')
  t.notOk(check?.headers['transfer-encoding'], 'no body of any kind on the check')
  t.match(upstream, { method: 'POST', url: '/todos?done=false', body: JSON.stringify(body), headers: { ...ECHO_IDENTITY, 'x-request-id': 'gw-test-spy' } })
})

gatewayTest('without a token: 401, a bare Bearer challenge, the error shape', async (t, { gateway }) => {
  const answer = await call(`${gateway.url}/api/me`, { headers: { 'x-request-id': 'gw-test-401' } })
  t.equal(answer.status, 401)
  t.equal(answer.headers.get('www-authenticate'), 'Bearer', 'one challenge, the verifier\'s')
  t.match(answer.headers.get('content-type'), JSON_TYPE)
  t.equal(answer.headers.get('x-request-id'), 'gw-test-401')
  t.same(Object.keys(answer.json()).sort(), ['code', 'error', 'message', 'statusCode'])
  t.match(answer.json(), errorShape(401, 'Unauthorized', 'invalid_token'))
})

gatewayTest('a garbage token: 401 invalid_token', async (t, { gateway }) => {
  const answer = await call(`${gateway.url}/api/todos`, { headers: bearer('not.a.jwt') })
  t.equal(answer.status, 401)
  t.equal(answer.headers.get('www-authenticate'), 'Bearer error="invalid_token"')
  t.match(answer.json(), errorShape(401, 'Unauthorized', 'invalid_token'))
})

gatewayTest('logout through the gateway: the very next /api/me is 401', async (t, { gateway }) => {
  const session = await login(gateway.url, newAccount('logout'))
  t.equal((await call(`${gateway.url}/api/me`, { headers: bearer(session.access) })).status, 200)
  t.equal((await call(`${gateway.url}/auth/logout`, { method: 'POST', headers: bearer(session.access) })).status, 204)
  const after = await call(`${gateway.url}/api/me`, { headers: bearer(session.access) })
  t.equal(after.status, 401)
  t.equal(after.headers.get('www-authenticate'), 'Bearer error="invalid_token"')
})

gatewayTest('the instances share keys and sessions', async (t, { gateway, issuers, resources }) => {
  const [issuerA, issuerB] = issuers
  const [resourceA, resourceB] = resources
  t.same((await call(`${issuerA.url}/.well-known/jwks.json`)).json(), (await call(`${issuerB.url}/.well-known/jwks.json`)).json())
  const fromA = await login(issuerA.url, newAccount('shared'))
  t.equal((await me(resourceB.url, fromA.access)).status, 200, 'a token from issuer A works at resource B')
  t.equal((await call(`${gateway.url}/api/me`, { headers: bearer(fromA.access) })).status, 200, 'and through the gateway')
  const fromB = await login(issuerB.url, newAccount('shared'))
  t.equal((await me(resourceA.url, fromB.access)).status, 200, 'a token from issuer B works at resource A')

  t.equal((await call(`${issuerB.url}/auth/logout`, { method: 'POST', headers: bearer(fromA.access) })).status, 204)
  t.equal((await me(resourceA.url, fromA.access)).status, 401, 'a logout at issuer B is seen at resource A at once')
  t.equal((await call(`${gateway.url}/api/me`, { headers: bearer(fromA.access) })).status, 401)
})

/** How many times `service` answered GET /auth/verify with `status`, from its /metrics. */
async function verifyAnswers(service: { url: string }, status: number): Promise<number> {
  const text = (await call(`${service.url}/metrics`)).text
  const line = text.split('\n').find((l) => l.startsWith(`http_request_duration_seconds_count{method="GET",route="/auth/verify",status="${status}"}`))
  return line === undefined ? 0 : Number(line.split(' ').at(-1))
}

gatewayTest('issue 12: every check is forward-auth\'s, none goes to the resource services', async (t, { gateway, resources, forwardAuth }) => {
  const session = await login(gateway.url, newAccount('forward'))
  const [passedBefore, refusedBefore] = [await verifyAnswers(forwardAuth, 200), await verifyAnswers(forwardAuth, 401)]
  t.equal((await call(`${gateway.url}/api/me`, { headers: bearer(session.access) })).status, 200)
  t.equal((await call(`${gateway.url}/api/me`)).status, 401)
  t.equal(await verifyAnswers(forwardAuth, 200), passedBefore + 1, 'forward-auth passed the call')
  t.equal(await verifyAnswers(forwardAuth, 401), refusedBefore + 1, 'and refused the one without a token')
  for (const resource of resources) {
    t.equal((await verifyAnswers(resource, 200)) + (await verifyAnswers(resource, 401)), 0, `${resource.url} was never asked`)
  }
})

gatewayTest('/api/admin/*: 403 for a user, 200 for an admin', async (t, { gateway, probe, echo }) => {
  const user = await login(gateway.url, newAccount('user'))
  const refused = await call(`${gateway.url}/api/admin/ping`, { headers: bearer(user.access) })
  t.equal(refused.status, 403)
  t.match(refused.headers.get('www-authenticate'), /^Bearer error="insufficient_scope"/)
  t.match(refused.json(), errorShape(403, 'Forbidden', 'insufficient_scope'))

  const admin = await login(gateway.url, ADMIN, false)
  const allowed = await call(`${gateway.url}/api/admin/ping`, { headers: bearer(admin.access) })
  t.equal(allowed.status, 200)
  t.same(allowed.json(), { ok: true })
  await call(`${probe.url}/api/admin/ping`, { headers: bearer(admin.access) })
  t.match(echo.seen.at(-1), { url: '/admin/ping', headers: { 'x-user-roles': /admin/ } })
})

gatewayTest('round robin over both issuers and both resource services', async (t, { gateway, issuers, resources }) => {
  for (let i = 0; i < 4; i += 1) await call(`${gateway.url}/.well-known/jwks.json`)
  const log = readFileSync(join(gateway.dir, 'access.log'), 'utf8').split('\n')
  const upstreamsOf = (prefix: string) => new Set(log.filter((l) => l.includes(`"GET ${prefix}`) || l.includes(`"POST ${prefix}`)).map((l) => /upstream=(\S+)/.exec(l)?.[1]))
  const port = (url: string) => `127.0.0.1:${new URL(url).port}`
  const issuerUpstreams = new Set([...upstreamsOf('/auth/'), ...upstreamsOf('/.well-known/')])
  for (const issuer of issuers) t.ok(issuerUpstreams.has(port(issuer.url)), `issuer ${issuer.url} served requests`)
  for (const resource of resources) t.ok(upstreamsOf('/api/').has(port(resource.url)), `resource ${resource.url} served requests`)
})

gatewayTest('a verifier that cannot be reached: 503 in the error shape, nothing passes', async (t, { gateway, blind }) => {
  const session = await login(gateway.url, newAccount('blind'))
  const answer = await call(`${blind.url}/api/me`, { headers: bearer(session.access) })
  t.equal(answer.status, 503)
  t.match(answer.headers.get('content-type'), JSON_TYPE)
  t.match(answer.json(), errorShape(503, 'Service Unavailable', 'unavailable'))
  t.equal((await call(`${blind.url}/.well-known/jwks.json`)).status, 200, 'the issuer routes do not need the verifier')
})

gatewayTest('unknown paths and /api/metrics: 404 in the error shape', async (t, { gateway }) => {
  for (const path of ['/', '/metrics', '/users/000000000000000000000000', '/api/metrics', '/_authpair/verify']) {
    const answer = await call(`${gateway.url}${path}`)
    t.equal(answer.status, 404, path)
    t.match(answer.json(), errorShape(404, 'Not Found', 'not_found'), path)
  }
})

gatewayTest('the services logged no server errors', async (t, { issuers, resources, forwardAuth }) => {
  const errors = [...issuers, ...resources, forwardAuth].flatMap((i) => i.child.lines().filter((line) => /"level":(50|60)/.test(line)))
  t.same(errors, [])
})

// Last: it takes Redis away.
gatewayTest('Redis down: the verifier answers 503, and so does the gateway', async (t, { gateway, resources, forwardAuth, redis }) => {
  const session = await login(gateway.url, newAccount('outage'))
  await redis.stop()
  t.equal((await me(resources[0].url, session.access)).status, 503)
  t.equal((await call(`${forwardAuth.url}/auth/verify`, { headers: bearer(session.access) })).status, 503, 'forward-auth too')
  const answer = await call(`${gateway.url}/api/me`, { headers: bearer(session.access) })
  t.equal(answer.status, 503)
  t.match(answer.json(), errorShape(503, 'Service Unavailable', 'unavailable'))
})
