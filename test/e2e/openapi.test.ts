import t, { type Test } from 'tap'
import { Validator } from '@seriousme/openapi-schema-validator'
import type { App } from '@authpair/http'
import { startPair } from './harness.js'

type Operation = { responses: Record<string, unknown>; security?: unknown[]; tags?: string[]; requestBody?: { required?: boolean } }
type Spec = { paths: Record<string, Record<string, Operation>>; tags?: { name: string }[] }

// The routes of ../shared/API.md with the status codes it names for each, whether they take a token, and their tag
// (issue 11: /healthz and /readyz were missing, logout declared no bearer, every route sat under "default").
type Route = [method: string, path: string, codes: number[], secured: boolean, tag: string]
const HEALTH: Route[] = [
  ['get', '/healthz', [200], false, 'health'],
  ['get', '/readyz', [200, 503], false, 'health'],
]
const ISSUER: Route[] = [
  ['post', '/auth/signup', [201, 400, 409, 413], false, 'auth'],
  ['post', '/auth/login', [200, 400, 401, 403, 429], false, 'auth'],
  ['post', '/auth/refresh', [200, 401], false, 'auth'],
  ['post', '/auth/logout', [204, 401], true, 'auth'],
  ['post', '/auth/logout-all', [204, 401], true, 'auth'],
  ['get', '/auth/sessions', [200, 401], true, 'sessions'],
  ['delete', '/auth/sessions/{id}', [204, 401, 404], true, 'sessions'],
  ['post', '/auth/password', [204, 400, 401], true, 'auth'],
  // issue 14: the email flows
  ['post', '/auth/password/forgot', [202, 400, 429], false, 'auth'],
  ['post', '/auth/password/reset', [204, 400], false, 'auth'],
  ['post', '/auth/email/verify/send', [202, 401, 409, 429], true, 'auth'],
  ['post', '/auth/email/verify', [204, 400], false, 'auth'],
  ['post', '/auth/email/change', [202, 400, 401, 409, 429], true, 'auth'],
  ['post', '/auth/email/change/confirm', [204, 400, 409], false, 'auth'],
  ['get', '/users/{id}', [200, 403, 404], true, 'users'],
  ['get', '/admin/users', [200, 400, 401, 403], true, 'admin'],
  ['patch', '/admin/users/{id}', [200, 401, 403, 404], true, 'admin'],
  ['get', '/admin/keys', [200, 401, 403], true, 'admin'],
  ['post', '/admin/keys/rotate', [200, 202, 401, 403], true, 'admin'],
  ['post', '/admin/keys/{kid}/revoke', [200, 401, 403, 404, 409], true, 'admin'],
  ['get', '/.well-known/jwks.json', [200, 304], false, 'well-known'],
  ['get', '/.well-known/openid-configuration', [200], false, 'well-known'],
  ...HEALTH,
]
const RESOURCE: Route[] = [
  ['get', '/me', [200, 401, 503], true, 'users'],
  ['post', '/todos', [201, 400, 401, 503], true, 'todos'],
  ['get', '/todos', [200, 401, 503], true, 'todos'],
  ['get', '/todos/{id}', [200, 401, 404, 503], true, 'todos'],
  ['patch', '/todos/{id}', [200, 400, 401, 404, 503], true, 'todos'],
  ['delete', '/todos/{id}', [204, 401, 404, 503], true, 'todos'],
  ['get', '/admin/ping', [200, 401, 403, 503], true, 'admin'],
  ['get', '/auth/verify', [200, 401, 503], true, 'auth'],
  ...HEALTH,
]

async function checkService(t: Test, app: App, routes: Route[]): Promise<void> {
  const response = await app.inject({ url: '/openapi.json' })
  t.equal(response.statusCode, 200)
  const validator = new Validator()
  const result = await validator.validate(response.json())
  t.ok(result.valid, `valid OpenAPI ${validator.version}: ${JSON.stringify(result.errors ?? '').slice(0, 300)}`)
  const spec = response.json<Spec>()
  const documented = Object.entries(spec.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`))
  t.same(documented.sort(), routes.map(([method, path]) => `${method} ${path}`).sort(), 'documents exactly the contract routes')
  for (const [method, path, codes, secured, tag] of routes) {
    const operation = spec.paths[path]?.[method]
    const listed = Object.keys(operation?.responses ?? {}).map(Number)
    for (const code of codes) t.ok(listed.includes(code), `${method} ${path} lists ${code}`)
    t.equal(Boolean(operation?.security?.length), secured, `${method} ${path} ${secured ? 'takes' : 'does not take'} a token`)
    t.same(operation?.tags, [tag], `${method} ${path} is tagged ${tag}`)
  }
  const declared = new Set(spec.tags?.map(({ name }) => name))
  t.same([...new Set(routes.map(([, , , , tag]) => tag))].filter((tag) => !declared.has(tag)), [], 'every tag is declared')
  t.equal((await app.inject({ url: '/docs' })).statusCode < 400, true, 'the interactive page answers')
}

t.test('each service publishes a valid OpenAPI 3 document that agrees with its routes and the contract', async (t) => {
  const pair = await startPair(t)
  await checkService(t, pair.issuer, ISSUER)
  await checkService(t, pair.resource, RESOURCE)
})

t.test('POST /auth/logout documents what the README does: a bearer token, no body needed (issue 11)', async (t) => {
  const pair = await startPair(t)
  const spec = (await pair.issuer.inject({ url: '/openapi.json' })).json<Spec>()
  const logout = spec.paths['/auth/logout']!.post!
  t.same(logout.security, [{ bearerAuth: [] }, {}], 'a bearer token, or none (a refresh token instead)')
  t.equal(logout.requestBody?.required, false, 'the body may be left out')
  t.equal(spec.paths['/auth/refresh']!.post!.requestBody?.required, false, 'refresh may use the cookie instead')
  t.equal(spec.paths['/auth/login']!.post!.requestBody?.required, true, 'login needs its body')
  t.notMatch(JSON.stringify(spec), /x-optional-body/, 'the marker does not leak into the document')
})
