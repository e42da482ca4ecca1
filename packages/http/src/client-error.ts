import type { Socket } from 'node:net'
import { toErrorResponse } from './error-body.js'

interface ClientError extends Error {
  code?: string
}

/**
 * Answers requests Node's HTTP parser refused before Fastify saw them (headers too large, malformed request line)
 * in the contract's error shape, instead of Node's bare text.
 */
export function clientErrorHandler(error: ClientError, socket: Socket): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy()
    return
  }
  const status = error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400
  const { body } = toErrorResponse({ statusCode: status, message: error.message })
  const payload = JSON.stringify(body)
  socket.end(
    `HTTP/1.1 ${status} ${body.error}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(payload)}\r\nConnection: close\r\n\r\n${payload}`,
  )
}
