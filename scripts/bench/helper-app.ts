// The ground the Fastify helper servers of the bench stand on (bare, peer, sign): a Fastify 5 instance with the
// services' logging (pino at LOG_LEVEL, `warn` in the bench, so nothing per request), GET /healthz, and the
// helpers' /metrics (helper-process.ts).
import Fastify, { type FastifyInstance } from 'fastify'
import { closeOnSignal, createMetricsText, listenPort, METRICS_CONTENT_TYPE } from './helper-process.js'

/** A Fastify app with /healthz and /metrics; add the route under test, then `serve` it. */
export function createHelperApp(): FastifyInstance {
  const app = Fastify({ logger: { level: process.env['LOG_LEVEL'] ?? 'warn' } })
  const metricsText = createMetricsText()
  app.get('/healthz', async () => ({ status: 'ok' }))
  app.get('/metrics', async (_request, reply) => reply.type(METRICS_CONTENT_TYPE).send(metricsText()))
  return app
}

/** Listens on 127.0.0.1:PORT and closes on SIGTERM/SIGINT. */
export async function serve(app: FastifyInstance): Promise<void> {
  const port = listenPort()
  closeOnSignal(() => app.close())
  await app.listen({ host: '127.0.0.1', port })
}
