import type { LoggerOptions } from 'pino'

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
  }
}
