import { contractFormats } from '@authpair/contract'
import type { DestinationStream } from 'pino'
import { createBaseApp, healthRoutes, openApiDocs, parseTrustProxy, webSecurity, registerOrClose, type App } from '@authpair/http'
import { storeReadinessChecks, storesPlugin } from '@authpair/stores/fastify'
import { extractBearerToken } from '@authpair/verifier'
import { ACCESS_TOKEN_COOKIE, forwardAuthRoute } from '@authpair/verifier/fastify'
import { jwksReadinessCheck, verificationPlugin } from '@authpair/verification'
import type { ResourceConfig } from './config.js'
import { resourceAreas } from './routes/areas.js'
import { meRoutes } from './routes/me.js'
import { todoRoutes } from './routes/todos.js'
import { createMongoTodoRepository, ensureTodoIndexes } from './stores/mongo-todo-repository.js'

export interface BuildResourceOptions {
  /** Overrides LOG_LEVEL; `false` silences logs. */
  logLevel?: string | false
  /** Where logs go instead of stdout (tests capture them). */
  logStream?: DestinationStream
}

/** The whole resource service as a Fastify instance, ready to `listen` or `inject`. */
export async function buildResourceApp(config: ResourceConfig, options: BuildResourceOptions = {}): Promise<App> {
  const app = createBaseApp({
    logLevel: options.logLevel ?? config.LOG_LEVEL,
    ...(options.logStream && { logStream: options.logStream }),
    formats: contractFormats,
    trustProxy: parseTrustProxy(config.TRUST_PROXY),
    requestTimeoutMs: config.REQUEST_TIMEOUT * 1000,
  })
  return registerOrClose(app, async () => {
    await app.register(openApiDocs, {
      title: 'authpair resource service',
      description: 'A service protected by the authpair verifier: /me, todos, an admin route and forward-auth (contract v1).',
      version: '1.0.0',
      areas: resourceAreas,
    })
    await app.register(webSecurity, { corsOrigins: config.CORS_ORIGINS, authCookies: [{ name: ACCESS_TOKEN_COOKIE, pick: extractBearerToken }] })
    await app.register(storesPlugin, { mongoUrl: config.MONGO_URL, redisUrl: config.REDIS_URL, clientName: 'resource' })
    await ensureTodoIndexes(app.stores.db)
    await app.register(verificationPlugin, { config, redis: app.stores.redis })
    await app.register(healthRoutes, {
      checks: {
        ...storeReadinessChecks(app.stores),
        jwks: jwksReadinessCheck(app.issuerKeys),
      },
    })
    // Everything below needs a valid access token.
    await app.register(async (protectedRoutes) => {
      protectedRoutes.addHook('onRequest', app.authenticate)
      await protectedRoutes.register(meRoutes)
      await protectedRoutes.register(todoRoutes, { todos: createMongoTodoRepository(app.stores.db) })
      await protectedRoutes.register(forwardAuthRoute)
    })
  })
}
