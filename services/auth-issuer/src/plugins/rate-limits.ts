import { availableParallelism } from 'node:os'
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { TooManyAttemptsError } from '@authpair/errors'
import type { IssuerContext } from '../domain/ports.js'
import { queuedHasher } from '../password/queued-hasher.js'
import { createBcryptQueue } from '../password/bcrypt-queue.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Route options that limit a route to `max` requests per client IP per minute, counted in Redis. */
    perMinuteLimit(max: number): { rateLimit: { max: number; timeWindow: number } }
    /** The issuer's context for a request of this client: its bcrypt work waits its turn (see BcryptQueue). */
    issuerFor(client: string): IssuerContext
  }
}

/**
 * Request-rate limits per client IP for signup and refresh (@fastify/rate-limit on the shared Redis, so the limit
 * holds across instances). The login limit counts failures per account and IP and lives in the domain
 * (LoginThrottle). When Redis cannot count, these limits step aside (`skipOnError`): refresh needs Redis anyway and
 * answers 503 there, and signup needs only MongoDB. `issuerFor` shares the bcrypt work fairly between clients.
 */
export const rateLimits = fp(
  async (app: FastifyInstance) => {
    await app.register(rateLimit, {
      global: false,
      redis: app.stores.redis,
      nameSpace: `${app.config.REDIS_KEY_PREFIX}ratelimit:`,
      skipOnError: true,
      keyGenerator: (request) => request.ip,
      errorResponseBuilder: (_request, context) => new TooManyAttemptsError(context.ttl / 1000),
    })
    app.decorate('perMinuteLimit', (max: number) => ({ rateLimit: { max, timeWindow: 60_000 } }))
    const concurrency = app.config.BCRYPT_CONCURRENCY ?? availableParallelism()
    const queue = createBcryptQueue({ concurrency, waitMs: app.config.BCRYPT_QUEUE_WAIT * 1000 })
    app.decorate('issuerFor', (client: string) => ({
      ...app.issuer,
      passwords: queuedHasher(app.issuer.passwords, queue, client),
    }))
  },
  { name: 'rate-limits', fastify: '5.x', dependencies: ['issuer-context'] },
)
