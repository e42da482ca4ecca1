import type { FastifyInstance } from 'fastify'

/**
 * Runs an app's registrations; when one fails at start (a store down, a refused setting), closes what the earlier
 * ones opened (store clients) before it rethrows, so a failed start leaves nothing running.
 */
export async function registerOrClose<A extends FastifyInstance>(app: A, register: (app: A) => Promise<void>): Promise<A> {
  try {
    await register(app)
  } catch (error) {
    await app.close().catch(() => undefined)
    throw error
  }
  return app
}
