import type { FastifyRequest } from 'fastify'
import type { ClientInfo } from '../domain/ports.js'

const MAX_USER_AGENT = 256

/** The user agent (cut to a sane length) and the client IP (as trust-proxy settings resolve it). */
export function clientInfo(request: FastifyRequest): ClientInfo {
  const userAgent = request.headers['user-agent'] ?? ''
  return { userAgent: userAgent.slice(0, MAX_USER_AGENT), ip: request.ip }
}
