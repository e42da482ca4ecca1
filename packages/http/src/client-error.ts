import type { Socket } from 'node:net'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { AnswerHeaders } from './answer-headers.js'
import { toErrorResponse } from './error-body.js'
import { newRequestId } from './request-id.js'

interface ClientError extends Error {
  code?: string
}

// Node's codes for a request it gave up on; anything else it could not parse is a 400.
const STATUS_BY_CODE: Readonly<Record<string, number>> = {
  HPE_HEADER_OVERFLOW: 431,
  ERR_HTTP_REQUEST_TIMEOUT: 408,
}

/**
 * Answers requests Node's HTTP server refused (headers too large, a malformed request line, a request not all
 * received within the request timeout) in the contract's error shape, with the security headers and a request id,
 * instead of Node's bare text.
 */
export function createClientErrorHandler(headers: AnswerHeaders) {
  return function clientErrorHandler(error: ClientError, socket: Socket): void {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy()
      return
    }
    const status = STATUS_BY_CODE[error.code ?? ''] ?? 400
    const { body } = toErrorResponse({ statusCode: status, message: error.message })
    const payload = JSON.stringify(body)
    const lines = Object.entries(headers.of(newRequestId())).map(([name, value]) => `${name}: ${value}\r\n`)
    // Closed once the answer is out: a client still dribbling bytes must not keep the socket half-open.
    socket.end(
      `HTTP/1.1 ${status} ${body.error}\r\nContent-Type: application/json; charset=utf-8\r\n${lines.join('')}` +
        `Content-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
      () => socket.destroy(),
    )
  }
}

/**
 * Fastify's `frameworkErrors`: a URL that is not valid percent-encoding (`/me%`) or a path parameter past
 * `maxParamLength`. These are answered before routing, so no hook runs: the headers are added here (issue 11).
 */
export function createFrameworkErrorHandler(headers: AnswerHeaders) {
  return function frameworkErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
    const response = toErrorResponse(error)
    void reply.code(response.statusCode).headers(headers.of(request.id)).headers(response.headers).send(response.body)
  }
}
