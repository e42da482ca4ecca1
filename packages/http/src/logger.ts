import type { FastifyBaseLogger } from 'fastify'
import type { Bindings, ChildLoggerOptions, LoggerOptions } from 'pino'

/** The log label of a request's id, in every line logged for the request. */
export const REQUEST_ID_LABEL = 'request_id'
const REQUEST_ID = Symbol('request id')
type RequestLogger = FastifyBaseLogger & { [REQUEST_ID]?: unknown }

/**
 * Pino options for a service. Fastify's request serializer logs method, url and addresses only; the redact list is
 * there for anything that logs headers or bodies by mistake: never a password, a token, a cookie or key material.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.password',
        '*.current_password',
        '*.new_password',
        '*.refresh_token',
        '*.access_token',
        '*.privateKey',
      ],
      censor: '[redacted]',
    },
    // The request id is added when a line is written (see requestLogger), from the logger that writes it.
    mixin: (_object, _level, logger) => {
      const id = (logger as RequestLogger)[REQUEST_ID]
      return id === undefined ? {} : { [REQUEST_ID_LABEL]: id }
    },
  }
}

/**
 * Fastify's `childLoggerFactory`: each request's logger, labelled with its id. pino would run the id through the
 * wildcard redaction when the child is made, for every request, logged or not (at `warn`, most are not); the
 * mixin above adds it only to lines actually written, redacted with the rest.
 */
export function requestLogger(logger: FastifyBaseLogger, bindings: Bindings, options: ChildLoggerOptions): FastifyBaseLogger {
  const keys = Object.keys(bindings)
  if (keys.length !== 1 || keys[0] !== REQUEST_ID_LABEL) return logger.child(bindings, options)
  const child: RequestLogger = logger.child({}, options)
  child[REQUEST_ID] = bindings[REQUEST_ID_LABEL]
  return child
}
