import t from 'tap'
import fc from 'fast-check'
import type { App } from '@authpair/http'
import { ADMIN, bearer, login, startPair } from './harness.js'

// Property: whatever a client sends, the answer is never a 5xx, and every 4xx is in the contract's error shape.
function checkAnswer(response: { statusCode: number; body: string }): boolean {
  if (response.statusCode >= 500) return false
  if (response.statusCode < 400) return true
  const body = JSON.parse(response.body) as Record<string, unknown>
  return (
    body.statusCode === response.statusCode &&
    typeof body.error === 'string' &&
    typeof body.code === 'string' &&
    /^[a-z_]+$/.test(body.code) &&
    typeof body.message === 'string' &&
    !/\bat .+:\d+:\d+|Mongo|ioredis|ECONNREFUSED/.test(response.body)
  )
}

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.constantFrom('', ' ', '\u0000', '\uFFFF', '\uD800', 'a'.repeat(5000), '$ne', '{"$gt":""}', '../../etc/passwd', '<script>'),
)
const operator = fc.record({ $ne: fc.jsonValue() }).map((o) => o as Record<string, unknown>)
const fieldValue = fc.oneof(hostileString, fc.jsonValue(), operator, fc.constant(null))

function bodyFor(fields: readonly string[]) {
  return fc.oneof(
    fc.jsonValue(),
    fc.dictionary(fc.constantFrom(...fields, '__proto__', 'constructor', 'roles', 'extra'), fieldValue),
    fc.record(Object.fromEntries(fields.map((f) => [f, fieldValue]))),
  )
}

const routes: { app: 'issuer' | 'resource'; method: 'POST' | 'PATCH'; url: string; fields: string[]; auth?: 'user' | 'admin' }[] = [
  { app: 'issuer', method: 'POST', url: '/auth/signup', fields: ['email', 'password', 'name', 'first_name', 'last_name', 'phone'] },
  { app: 'issuer', method: 'POST', url: '/auth/login', fields: ['email', 'password'] },
  { app: 'issuer', method: 'POST', url: '/auth/refresh', fields: ['refresh_token'] },
  { app: 'issuer', method: 'POST', url: '/auth/logout', fields: ['refresh_token'] },
  { app: 'issuer', method: 'POST', url: '/auth/password', fields: ['current_password', 'new_password'], auth: 'user' },
  { app: 'issuer', method: 'PATCH', url: '/admin/users/000000000000000000000000', fields: ['roles', 'disabled'], auth: 'admin' },
  { app: 'resource', method: 'POST', url: '/todos', fields: ['title'], auth: 'user' },
  { app: 'resource', method: 'PATCH', url: '/todos/000000000000000000000000', fields: ['title', 'done'], auth: 'user' },
]

t.test('public route bodies: never a 5xx, always the error shape', async (t) => {
  const pair = await startPair(t, { SIGNUP_RATE_LIMIT: '100000', REFRESH_RATE_LIMIT: '100000', LOGIN_MAX_ATTEMPTS_PER_IP: '100000' }, 'warn')
  const user = await login(pair.issuer)
  const admin = await login(pair.issuer, ADMIN)
  for (const route of routes) {
    const app: App = route.app === 'issuer' ? pair.issuer : pair.resource
    const headers = route.auth ? bearer(route.auth === 'admin' ? admin.access : user.access) : {}
    await fc.assert(
      fc.asyncProperty(bodyFor(route.fields), async (body) => {
        const response = await app.inject({ method: route.method, url: route.url, headers, payload: body as object })
        return checkAnswer(response)
      }),
      { numRuns: 60 },
    )
    t.pass(`${route.method} ${route.url}`)
  }
})

t.test('raw bodies and content types: never a 5xx', async (t) => {
  const { issuer } = await startPair(t, {}, 'warn')
  await fc.assert(
    fc.asyncProperty(
      fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.json()),
      fc.constantFrom('application/json', 'application/json; charset=latin1', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/octet-stream', ''),
      async (payload, contentType) => {
        const response = await issuer.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': contentType }, payload })
        return checkAnswer(response) && response.statusCode >= 400
      },
    ),
    { numRuns: 150 },
  )
  t.pass('raw bodies')
})

/** True when two compact tokens' segments decode to the same bytes. */
function sameBytes(a: string, b: string): boolean {
  const as = a.split('.')
  const bs = b.split('.')
  return as.length === 3 && bs.length === 3 && as.every((part, i) => /^[A-Za-z0-9_-]*$/.test(part) && Buffer.from(part, 'base64url').equals(Buffer.from(bs[i]!, 'base64url')))
}

t.test('the token parser: any string or mutated token is 401, never a 5xx, at every verifier', async (t) => {
  const pair = await startPair(t, {}, 'warn')
  const session = await login(pair.issuer)
  const mutated = fc
    .tuple(fc.nat({ max: session.access.length - 1 }), fc.string({ minLength: 1, maxLength: 3 }))
    .map(([at, text]) => session.access.slice(0, at) + text + session.access.slice(at + text.length))
  const tokens = fc.oneof(hostileString, mutated, fc.array(fc.base64String(), { minLength: 3, maxLength: 3 }).map((p) => p.join('.')))
  const targets: [App, string][] = [[pair.resource, '/me'], [pair.resource, '/auth/verify'], [pair.issuer, '/auth/sessions']]
  await fc.assert(
    fc.asyncProperty(tokens, fc.constantFrom(...targets), async (token, [app, url]) => {
      // A mutation that decodes to the same bytes (base64url's unused trailing bits) is the same signed token, not a
      // forged one: jose on Node 20 decodes it alike (docs/VERIFYING.md, section 3).
      if (token === session.access || sameBytes(token, session.access)) return true
      const safe = token.replace(/[^\t\x20-\x7e\x80-\xff]/g, '')
      const response = await app.inject({ url, headers: { authorization: `Bearer ${safe}` } })
      return checkAnswer(response) && response.statusCode === 401
    }),
    { numRuns: 300 },
  )
  t.pass('tokens')
})
