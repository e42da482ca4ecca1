import cors, { type FastifyCorsOptions } from '@fastify/cors'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { createOriginCheck, type AuthCookie } from './origin-check.js'

export interface WebSecurityOptions {
  /** Browser origins allowed to call with credentials. Others get no CORS headers. */
  corsOrigins: readonly string[]
  /** The cookies that authenticate requests, for the cross-site write check. */
  authCookies: readonly AuthCookie[]
}

function corsOptions(origins: readonly string[]): FastifyCorsOptions {
  const allowlist = new Set(origins)
  return {
    origin: (origin, callback) => callback(null, origin !== undefined && allowlist.has(origin)),
    credentials: true,
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['authorization', 'content-type', 'x-request-id'],
    exposedHeaders: ['x-request-id', 'retry-after', 'www-authenticate'],
    maxAge: 600,
  }
}

/**
 * Browser safety for an API: CORS for an explicit allowlist only (credentials included), and the cross-site check on
 * cookie-authenticated writes. The security headers are the base app's (createBaseApp), as every answer needs them.
 */
export const webSecurity = fp<WebSecurityOptions>(
  async (app: FastifyInstance, options) => {
    // With no origin allowed there is nothing to answer a preflight with, and no answer varies by Origin.
    if (options.corsOrigins.length > 0) await app.register(cors, corsOptions(options.corsOrigins))
    const check = createOriginCheck({ allowedOrigins: options.corsOrigins, cookies: options.authCookies })
    // A callback hook: it runs on every request, so spare it a promise.
    app.addHook('onRequest', (request, _reply, done) => {
      try {
        check(request)
        done()
      } catch (error) {
        done(error as Error)
      }
    })
  },
  { name: '@authpair/http/web-security', fastify: '5.x' },
)
