import { connect } from 'node:net'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { startIssuer } from './helpers.js'

/** Sends raw bytes and returns the raw answer: these requests never reach Fastify's router. */
function raw(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(request))
    let answer = ''
    socket.on('data', (chunk) => (answer += chunk.toString()))
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
  })
}

function errorBody(answer: string): Record<string, unknown> {
  return JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)) as Record<string, unknown>
}

t.test('headers past the limit get 431 in the error shape; a malformed request gets 400', async (t) => {
  const { app } = await startIssuer(t)
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo

  const huge = await raw(port, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`)
  t.match(huge, /^HTTP\/1\.1 431 /)
  t.same(errorBody(huge), {
    statusCode: 431,
    error: 'Request Header Fields Too Large',
    code: 'headers_too_large',
    message: 'The request headers are too large.',
  })

  const bogus = await raw(port, 'NOT A REQUEST\r\n\r\n')
  t.match(bogus, /^HTTP\/1\.1 400 /)
  t.match(errorBody(bogus), { statusCode: 400, code: 'validation_failed' })

  const longToken = await fetch(`http://127.0.0.1:${port}/auth/sessions`, { headers: { authorization: `Bearer ${'a'.repeat(8000)}` } })
  t.equal(longToken.status, 401, 'an over-long token is refused as a token, not a crash')
})
