import { connect, type AddressInfo } from 'node:net'
import t, { type Test } from 'tap'
import type { App } from '@authpair/http'
import { startPair } from './harness.js'

// issue 11: answers made before routing (a URL that is not valid percent-encoding, a path parameter past the router's
// limit, a request Node's parser refused) left in Fastify's or Node's own shape, without security headers or request id.

interface RawAnswer {
  status: number
  headers: Record<string, string>
  body: Record<string, unknown>
}

/** Sends raw bytes (no client library tidies the URL) and parses the one answer. */
function raw(port: number, request: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request))
    let text = ''
    socket.on('data', (chunk) => (text += chunk.toString()))
    socket.on('error', reject)
    socket.on('end', () => {
      const [head = '', body = ''] = text.split('\r\n\r\n')
      const [statusLine = '', ...lines] = head.split('\r\n')
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]))
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) as Record<string, unknown> })
    })
  })
}

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: req-issue-11\r\nConnection: close\r\n\r\n`

function checkAnswer(t: Test, answer: { status: number; headers: Record<string, unknown>; body: unknown }, status: number, code: string, what: string): void {
  t.equal(answer.status, status, `${what}: status`)
  t.match(answer.body, { statusCode: status, error: String, code, message: String }, `${what}: the error shape, code ${code}`)
  t.same(Object.keys(answer.body as object).sort(), ['code', 'error', 'message', 'statusCode'], `${what}: nothing else in the body`)
  t.equal(answer.headers['content-security-policy'], "default-src 'none';frame-ancestors 'none'", `${what}: security headers`)
  t.equal(answer.headers['x-content-type-options'], 'nosniff', `${what}: nosniff`)
  t.ok(answer.headers['x-request-id'], `${what}: a request id`)
}

async function checkService(t: Test, app: App, paramRoute: string, badUrl: string): Promise<void> {
  if (!app.server.listening) await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  const longParam = `${paramRoute}${'a'.repeat(300)}`
  const cases: [string, number, string][] = [
    [badUrl, 400, 'invalid_url'],
    [longParam, 414, 'uri_too_long'],
    ['/no/such/route', 404, 'not_found'],
  ]
  for (const [path, status, code] of cases) {
    const overTheWire = await raw(port, get(path))
    checkAnswer(t, overTheWire, status, code, `raw GET ${path.slice(0, 40)}`)
    t.equal(overTheWire.headers['x-request-id'], 'req-issue-11', 'the caller\'s request id is echoed')
    const injected = await app.inject({ url: path, headers: { 'x-request-id': 'req-issue-11' } })
    checkAnswer(t, { status: injected.statusCode, headers: injected.headers, body: injected.json() }, status, code, `inject ${path.slice(0, 40)}`)
  }
  checkAnswer(t, await raw(port, 'NOT A REQUEST\r\n\r\n'), 400, 'validation_failed', 'a request Node cannot parse')
}

t.test('every answer of both services has the error shape, a snake_case code, security headers and a request id (issue 11)', async (t) => {
  const pair = await startPair(t)
  await checkService(t, pair.issuer, '/users/', '/auth/sessions%')
  await checkService(t, pair.resource, '/todos/', '/me%')
})
