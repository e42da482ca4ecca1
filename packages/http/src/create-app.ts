import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyServerOptions,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { DestinationStream } from 'pino'
import { createAnswerHeaders } from './answer-headers.js'
import { createClientErrorHandler, createFrameworkErrorHandler } from './client-error.js'
import { errorHandling } from './error-handling.js'
import { createMetrics, metricsRoute } from './metrics.js'
import { REQUEST_ID_LABEL, loggerOptions, requestLogger } from './logger.js'
import { REQUEST_ID_HEADER, genReqId } from './request-id.js'
import { charsetRefusal, makeRouteStrict } from './strict-routes.js'
import { createValidatorCompiler, type StringFormats } from './validation.js'

export interface BaseAppOptions {
  /** Pino level, or `false` for no logs (tests). */
  logLevel: string | false
  /** Where logs go; stdout by default (tests capture them). */
  logStream?: DestinationStream
  /** Custom string formats for schemas. */
  formats?: StringFormats
  /** Largest accepted body in bytes (413 beyond). */
  bodyLimit?: number
  /** Fastify's `trustProxy`: which proxies may set `X-Forwarded-For`. */
  trustProxy?: FastifyServerOptions['trustProxy']
  /** The `realm` of bearer challenges. */
  realm?: string
  /** How long a client may take to send a whole request (headers and body), in ms; 10 s by default. */
  requestTimeoutMs?: number
}

/** A Fastify instance typed for TypeBox schemas. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>

/**
 * A Fastify instance with the contract's conventions: strict JSON bodies, the error shape and the security headers
 * on every answer, request ids from `X-Request-Id` (echoed back), server timeouts that end slow or idle
 * connections, and redacted logs.
 */
export function createBaseApp(options: BaseAppOptions): App {
  const requestTimeout = options.requestTimeoutMs ?? 10_000
  if (!(requestTimeout >= 1)) throw new TypeError('requestTimeoutMs must be at least 1 ms: 0 would let a request take forever')
  const headers = createAnswerHeaders()
  const app = Fastify({
    logger: options.logLevel === false ? false : { ...loggerOptions(options.logLevel), ...(options.logStream && { stream: options.logStream }) },
    genReqId,
    logController: new LogController({ requestIdLogLabel: REQUEST_ID_LABEL }),
    childLoggerFactory: requestLogger,
    bodyLimit: options.bodyLimit ?? 16 * 1024,
    trustProxy: options.trustProxy ?? false,
    clientErrorHandler: createClientErrorHandler(headers),
    frameworkErrors: createFrameworkErrorHandler(headers),
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // Slow clients and idle keep-alives must not hold sockets forever; keep-alive outlives common proxies' 60 s.
    connectionTimeout: 10_000,
    requestTimeout,
    // Node enforces requestTimeout only when it sweeps its connections (every 30 s by default): sweep often enough
    // that a request is cut within about a quarter of its timeout past it (issue 11).
    http: { connectionsCheckingInterval: Math.min(1000, Math.ceil(requestTimeout / 4)) },
    keepAliveTimeout: 72_000,
    return503OnClosing: true,
    routerOptions: { maxParamLength: 200 },
  }).withTypeProvider<TypeBoxTypeProvider>()
  // Node cuts a request at the later of headersTimeout (60 s unless the server was made with a shorter
  // requestTimeout; Fastify sets that afterwards) and requestTimeout: a body dribbled a byte a second held a
  // login for 85 s (issue 11). Headers get no longer than the whole request.
  app.server.headersTimeout = requestTimeout
  app.setValidatorCompiler(createValidatorCompiler(options.formats))
  // JSON in and out: any other body type is 415, not a string that fails validation.
  app.removeContentTypeParser('text/plain')
  app.addHook('onRoute', makeRouteStrict)
  // Every routed answer, errors and 404s included, carries the security headers and the request id.
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers.security)
    reply.header(REQUEST_ID_HEADER, request.id)
    done(charsetRefusal(request.headers['content-type']))
  })
  const metrics = createMetrics()
  app.decorate('metrics', metrics)
  void app.register(errorHandling, { realm: options.realm, metrics })
  void app.register(metricsRoute, { metrics })
  return app
}
