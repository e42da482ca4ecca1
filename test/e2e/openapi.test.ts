import t, { type Test } from 'tap'
import { Validator } from '@seriousme/openapi-schema-validator'
import type { App } from '@authpair/http'
import { startPair } from './harness.js'

type Spec = { paths: Record<string, Record<string, { responses: Record<string, unknown>; security?: unknown[] }>> }

// The routes of ../shared/API.md with the status codes it names for each, and whether they need a token.
const ISSUER: [string, string, number[], boolean][] = [
  ['post', '/auth/signup', [201, 400, 409, 413], false],
  ['post', '/auth/login', [200, 400, 401, 403, 429], false],
  ['post', '/auth/refresh', [200, 401], false],
  ['post', '/auth/logout', [204, 401], false],
  ['post', '/auth/logout-all', [204, 401], true],
  ['get', '/auth/sessions', [200, 401], true],
  ['delete', '/auth/sessions/{id}', [204, 401, 404], true],
  ['post', '/auth/password', [204, 400, 401], true],
  ['get', '/users/{id}', [200, 403, 404], true],
  ['get', '/admin/users', [200, 400, 401, 403], true],
  ['patch', '/admin/users/{id}', [200, 401, 403, 404], true],
  ['get', '/.well-known/jwks.json', [200], false],
  ['get', '/.well-known/openid-configuration', [200], false],
]
const RESOURCE: [string, string, number[], boolean][] = [
  ['get', '/me', [200, 401, 503], true],
  ['post', '/todos', [201, 400, 401, 503], true],
  ['get', '/todos', [200, 401, 503], true],
  ['get', '/todos/{id}', [200, 401, 404, 503], true],
  ['patch', '/todos/{id}', [200, 400, 401, 404, 503], true],
  ['delete', '/todos/{id}', [204, 401, 404, 503], true],
  ['get', '/admin/ping', [200, 401, 403, 503], true],
  ['get', '/auth/verify', [200, 401, 503], true],
]

async function checkService(t: Test, app: App, routes: typeof ISSUER): Promise<void> {
  const response = await app.inject({ url: '/openapi.json' })
  t.equal(response.statusCode, 200)
  const validator = new Validator()
  const result = await validator.validate(response.json())
  t.ok(result.valid, `valid OpenAPI ${validator.version}: ${JSON.stringify(result.errors ?? '').slice(0, 300)}`)
  const spec = response.json<Spec>()
  const documented = Object.entries(spec.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m} ${path}`))
  t.same(documented.sort(), routes.map(([method, path]) => `${method} ${path}`).sort(), 'documents exactly the contract routes')
  for (const [method, path, codes, secured] of routes) {
    const operation = spec.paths[path]?.[method]
    const listed = Object.keys(operation?.responses ?? {}).map(Number)
    for (const code of codes) t.ok(listed.includes(code), `${method} ${path} lists ${code}`)
    t.equal(Boolean(operation?.security?.length), secured, `${method} ${path} ${secured ? 'needs' : 'does not need'} a token`)
  }
  t.equal((await app.inject({ url: '/docs' })).statusCode < 400, true, 'the interactive page answers')
}

t.test('each service publishes a valid OpenAPI 3 document that agrees with its routes and the contract', async (t) => {
  const pair = await startPair(t)
  await checkService(t, pair.issuer, ISSUER)
  await checkService(t, pair.resource, RESOURCE)
})
