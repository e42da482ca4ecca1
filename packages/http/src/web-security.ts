import cors from '@fastify/cors'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createOriginCheck } from './origin-check.js'
import { securityHeaders } from './security-headers.js'

export interface WebSecurityOptions {
  /** Browser origins allowed to call with credentials. Others get no CORS headers. */
  corsOrigins: readonly string[]
  /** The cookies that authenticate requests, for the cross-site write check. */
  authCookies: readonly string[]
}

/**
 * Browser safety for an API: security headers (helmet, with a CSP that allows nothing, as the answers are JSON),
 * CORS for an explicit allowlist only (credentials included), and the cross-site check on cookie-authenticated writes.
 */
export const webSecurity = fp<WebSecurityOptions>(
  async (app: FastifyInstance, options) => {
    const headers = securityHeaders()
    // A callback hook: on every request, so spare it a promise.
    app.addHook('onRequest', (_request, reply, done) => {
      reply.headers(headers)
      done()
    })
    const allowlist = new Set(options.corsOrigins)
    await app.register(cors, {
      origin: (origin, callback) => callback(null, origin !== undefined && allowlist.has(origin)),
      credentials: true,
      methods: ['GET', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
      exposedHeaders: ['x-request-id', 'retry-after', 'www-authenticate'],
      maxAge: 600,
    })
    app.addHook('onRequest', createOriginCheck({ allowedOrigins: options.corsOrigins, cookieNames: options.authCookies }))
  },
  { name: '@authpair/http/web-security', fastify: '5.x' },
)
