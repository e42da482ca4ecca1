// The ground every helper server of the bench stands on (bare, peer, sign): a Fastify 5 instance with the
// services' logging (pino at LOG_LEVEL, `warn` in the bench, so nothing per request), GET /healthz, and a
// /metrics that reports the numbers the bench reads from the services, with prom-client's meaning.
import { monitorEventLoopDelay } from 'node:perf_hooks'
import Fastify, { type FastifyInstance } from 'fastify'

/** A Fastify app with /healthz and /metrics; add the route under test, then `serve` it. */
export function createHelperApp(): FastifyInstance {
  const app = Fastify({ logger: { level: process.env['LOG_LEVEL'] ?? 'warn' } })
  // prom-client's default: a 10 ms resolution histogram, reset on every scrape.
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  app.get('/healthz', async () => ({ status: 'ok' }))
  app.get('/metrics', async (_request, reply) => {
    const lines = [
      `nodejs_eventloop_lag_p99_seconds ${delay.percentile(99) / 1e9}`,
      `process_resident_memory_bytes ${process.memoryUsage.rss()}`,
      `process_cpu_seconds_total ${cpuSeconds()}`,
    ]
    delay.reset()
    return reply.type('text/plain; version=0.0.4').send(`${lines.join('\n')}\n`)
  })
  return app
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e6
}

/** Listens on 127.0.0.1:PORT and closes on SIGTERM/SIGINT. */
export async function serve(app: FastifyInstance): Promise<void> {
  const port = Number(process.env['PORT'])
  if (!Number.isInteger(port) || port <= 0) throw new Error('PORT must be set to the port to listen on')
  const close = () => void app.close().then(() => process.exit(0))
  process.once('SIGTERM', close).once('SIGINT', close)
  await app.listen({ host: '127.0.0.1', port })
}
