import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { writeKeyLayout } from '@authpair/verifier/redis'

// Written again every minute, so a Redis that lost its data (a flush, a restart without persistence) gets it back.
const REWRITE_MS = 60_000

/**
 * Writes the key-layout marker under REDIS_KEY_PREFIX at start and every minute: verifiers look for it before
 * they start, so a wrong prefix says so instead of refusing every token as revoked (issue 12).
 */
export const keyLayoutMarker = fp(
  async (app: FastifyInstance) => {
    const prefix = app.config.REDIS_KEY_PREFIX
    await writeKeyLayout(app.stores.redis, prefix)
    const timer = setInterval(() => {
      writeKeyLayout(app.stores.redis, prefix).catch((error: unknown) => {
        app.log.warn({ reason: (error as Error).message }, 'could not rewrite the key-layout marker; will try again')
      })
    }, REWRITE_MS)
    timer.unref()
    app.addHook('onClose', async () => clearInterval(timer))
  },
  { name: 'key-layout-marker', fastify: '5.x', dependencies: ['issuer-context'] },
)
