import type { DestinationStream } from 'pino'
import { createBaseApp, healthRoutes, parseTrustProxy, registerOrClose, type App } from '@authpair/http'
import { jwksReadinessCheck, verificationPlugin } from '@authpair/verification'
import { forwardAuthRoute } from '@authpair/verifier/fastify'
import type { ForwardAuthConfig } from './config.js'
import { redisPlugin } from './plugins/redis.js'

export interface BuildForwardAuthOptions {
  /** Overrides LOG_LEVEL; `false` silences logs. */
  logLevel?: string | false
  /** Where logs go instead of stdout (tests capture them). */
  logStream?: DestinationStream
}

/**
 * The forward-auth service as a Fastify instance, ready to `listen` or `inject`: `GET /auth/verify` (the verifier
 * package's forward-auth route), `/healthz`, `/readyz` (Redis answers, the JWKS was loaded once) and `/metrics`.
 */
export async function buildForwardAuthApp(config: ForwardAuthConfig, options: BuildForwardAuthOptions = {}): Promise<App> {
  const app = createBaseApp({
    logLevel: options.logLevel ?? config.LOG_LEVEL,
    ...(options.logStream && { logStream: options.logStream }),
    trustProxy: parseTrustProxy(config.TRUST_PROXY),
    requestTimeoutMs: config.REQUEST_TIMEOUT * 1000,
  })
  return registerOrClose(app, async () => {
    await app.register(redisPlugin, { url: config.REDIS_URL, clientName: 'forward-auth' })
    await app.register(verificationPlugin, { config, redis: app.redis })
    await app.register(healthRoutes, {
      checks: { redis: () => app.redis.ping(), jwks: jwksReadinessCheck(app.issuerKeys) },
    })
    await app.register(forwardAuthRoute)
  })
}
