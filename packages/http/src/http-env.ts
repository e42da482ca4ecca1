import { Type } from '@sinclair/typebox'
import { CommaList, Duration } from '@authpair/config'
import type { FastifyServerOptions } from 'fastify'

/** The HTTP-edge settings every service reads from its environment. */
export const httpEnv = {
  /** Interface to listen on. */
  HOST: Type.String({ default: '127.0.0.1', description: 'an interface address such as 127.0.0.1 or 0.0.0.0' }),
  /** Pino log level. */
  LOG_LEVEL: Type.Union(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)), {
    default: 'info',
    description: 'one of fatal, error, warn, info, debug, trace, silent',
  }),
  /**
   * Which proxies may set X-Forwarded-For (so `request.ip` is the client's): `false` (none, the default: the peer
   * address is the client), `true` (any: only when nothing but the proxy can reach the service), a hop count, or a
   * comma-separated list of proxy addresses/CIDRs.
   */
  TRUST_PROXY: Type.String({
    default: 'false',
    pattern: '^(true|false|[0-9]{1,2}|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/ ]+)*)$',
    description: 'false, true, a hop count, or a comma-separated list of proxy IPs/CIDRs',
  }),
  /**
   * How long a client may take to send a whole request, headers and body (then 408 and the connection closes). A
   * body dribbled a byte at a time must not hold a connection longer than this (issue 11).
   */
  REQUEST_TIMEOUT: Duration({ default: '10s', description: 'a duration of at least 1 s, such as 10s' }),
  /** Browser origins allowed to call with credentials (CORS) and to send cookie-authenticated writes. */
  CORS_ORIGINS: CommaList({ default: '', description: 'a comma-separated list of origins such as https://app.example.com' }),
}

/** Fastify's `trustProxy` from the TRUST_PROXY text. */
export function parseTrustProxy(text: string): NonNullable<FastifyServerOptions['trustProxy']> {
  if (text === 'true') return true
  if (text === 'false') return false
  if (/^[0-9]+$/.test(text)) {
    const hops = Number(text)
    return (_address: string, hop: number) => hop < hops
  }
  return text.split(',').map((entry) => entry.trim()).filter(Boolean)
}
