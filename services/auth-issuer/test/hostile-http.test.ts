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

/** Sends a login whose body comes one byte at a time; resolves with the answer and how many body bytes went out. */
function dribbleLogin(port: number, bodyLength: number, everyMs: number): Promise<{ answer: string; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0
    let answer = ''
    let timer: NodeJS.Timeout | undefined
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(`POST /auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${bodyLength}\r\n\r\n`)
      timer = setInterval(() => {
        if (sent < bodyLength && !socket.destroyed) socket.write(' ', () => (sent += 1))
      }, everyMs)
    })
    socket.on('data', (chunk) => (answer += chunk.toString()))
    socket.on('close', () => {
      clearInterval(timer)
      resolve({ answer, sent })
    })
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? undefined : reject(error)))
  })
}

t.test('a body dribbled a byte at a time is cut at the request timeout, answered 408 in the error shape (issue 11)', async (t) => {
  const { app } = await startIssuer(t, { REQUEST_TIMEOUT: '1' })
  await app.listen({ host: '127.0.0.1', port: 0 })
  const { port } = app.server.address() as AddressInfo
  // 200 bytes at one per 50 ms would take 10 s: the connection must end long before the last byte.
  const { answer, sent } = await dribbleLogin(port, 200, 50)
  t.ok(sent < 200, `the connection ended before the body was all sent (${sent} of 200 bytes)`)
  t.match(answer, /^HTTP\/1\.1 408 /)
  t.match(answer, /\r\ncontent-security-policy: /i, 'with the security headers')
  t.same(errorBody(answer), {
    statusCode: 408,
    error: 'Request Timeout',
    code: 'request_timeout',
    message: 'The request took too long to arrive.',
  })
})
