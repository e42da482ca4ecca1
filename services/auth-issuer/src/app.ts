import cookie from '@fastify/cookie'
import { contractFormats } from '@authpair/contract'
import type { DestinationStream } from 'pino'
import { createBaseApp, healthRoutes, openApiDocs, parseTrustProxy, registerOrClose, webSecurity, type App } from '@authpair/http'
import { storeReadinessChecks, storesPlugin } from '@authpair/stores/fastify'
import { extractBearerToken } from '@authpair/verifier'
import type { IssuerConfig } from './config.js'
import { ACCESS_COOKIE, REFRESH_COOKIE } from './http/cookies.js'
import { authenticationPlugin } from './plugins/authentication.js'
import { issuerContextPlugin } from './plugins/issuer-context.js'
import { keyLayoutMarker } from './plugins/key-layout-marker.js'
import { mailOutbox } from './plugins/mail-outbox.js'
import { issuerMetrics } from './plugins/issuer-metrics.js'
import { keyMetrics } from './plugins/key-metrics.js'
import { rateLimits } from './plugins/rate-limits.js'
import { issuerAreas } from './routes/areas.js'
import { adminKeyRoutes } from './routes/admin-keys.js'
import { authRoutes } from './routes/auth/index.js'
import { userRoutes } from './routes/users.js'
import { wellKnownRoutes } from './routes/well-known.js'

export interface BuildIssuerOptions {
  /** Overrides LOG_LEVEL; `false` silences logs. */
  logLevel?: string | false
  /** Where logs go instead of stdout (tests capture them). */
  logStream?: DestinationStream
  /** The clock, in ms since the epoch (tests freeze it). */
  now?: () => number
}

/**
 * The whole issuer as a Fastify instance, ready to `listen` or `inject`. Connects to its stores; when a step of the
 * start fails (a store down, a refused ADMIN_EMAIL), closes what it had opened before it throws.
 */
export async function buildIssuerApp(config: IssuerConfig, options: BuildIssuerOptions = {}): Promise<App> {
  const app = createBaseApp({
    logLevel: options.logLevel ?? config.LOG_LEVEL,
    ...(options.logStream && { logStream: options.logStream }),
    formats: contractFormats,
    trustProxy: parseTrustProxy(config.TRUST_PROXY),
    requestTimeoutMs: config.REQUEST_TIMEOUT * 1000,
  })
  return registerOrClose(app, (registering) => registerIssuer(registering, config, options))
}

async function registerIssuer(app: App, config: IssuerConfig, options: BuildIssuerOptions): Promise<void> {
  await app.register(openApiDocs, {
    title: 'authpair issuer',
    description: 'Accounts, sessions, RS256 access tokens and rotating refresh tokens (contract v1).',
    version: '1.0.0',
    areas: issuerAreas,
  })
  await app.register(cookie)
  await app.register(webSecurity, { corsOrigins: config.CORS_ORIGINS, authCookies: [{ name: ACCESS_COOKIE, pick: extractBearerToken }, { name: REFRESH_COOKIE }] })
  await app.register(storesPlugin, { mongoUrl: config.MONGO_URL, redisUrl: config.REDIS_URL, clientName: 'auth-issuer' })
  await app.register(issuerContextPlugin, { config, ...(options.now && { now: options.now }) })
  await app.register(keyLayoutMarker)
  await app.register(authenticationPlugin)
  await app.register(rateLimits)
  await app.register(mailOutbox)
  await app.register(issuerMetrics)
  await app.register(keyMetrics)
  await app.register(healthRoutes, { checks: storeReadinessChecks(app.stores) })
  await app.register(wellKnownRoutes)
  await app.register(authRoutes, { prefix: '/auth' })
  await app.register(userRoutes)
  await app.register(adminKeyRoutes)
}
