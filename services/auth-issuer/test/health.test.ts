import t from 'tap'
import { startIssuer } from './helpers.js'

t.test('healthz and readyz answer ok while the stores answer', async (t) => {
  const { app } = await startIssuer(t)
  for (const url of ['/healthz', '/readyz']) {
    const response = await app.inject({ url })
    t.equal(response.statusCode, 200, url)
    t.same(response.json(), { status: 'ok' })
  }
})

t.test('unknown routes are 404 in the error shape, with a request id echoed', async (t) => {
  const { app } = await startIssuer(t)
  const response = await app.inject({ url: '/nope', headers: { 'x-request-id': 'abc-123' } })
  t.equal(response.statusCode, 404)
  t.same(response.json(), { statusCode: 404, error: 'Not Found', code: 'not_found', message: 'Not found.' })
  t.equal(response.headers['x-request-id'], 'abc-123')
  const forged = await app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id\nwith newline' } })
  const made = forged.headers['x-request-id'] as string
  t.match(made, /^[0-9a-f]{12}-[0-9a-z]+$/, 'an unsafe request id is replaced')
  const next = await app.inject({ url: '/healthz' })
  t.not(next.headers['x-request-id'], made, 'made ids differ from one request to the next')
})
