import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'

const IDLE_SWEEP_MS = 50

export interface ListenOptions {
  host: string
  port: number
  /** How long in-flight requests may take to finish after SIGTERM before the process exits anyway. */
  graceMs?: number
}

/**
 * Listens, and on SIGTERM or SIGINT stops accepting connections, lets requests in flight finish (Fastify's close
 * drains them and then runs every `onClose`, which closes the store clients), and exits.
 */
export async function listenUntilSignal(app: FastifyInstance, options: ListenOptions): Promise<void> {
  closeWithGrace({ delay: options.graceMs ?? 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an uncaught error')
    else app.log.info({ signal }, 'shutting down')
    // Fastify closes the connections idle when the close begins; one serving a request then becomes idle after
    // it, and keep-alive would hold it (and the exit) for KEEP_ALIVE_TIMEOUT. Close those as they turn idle.
    const sweep = setInterval(() => app.server.closeIdleConnections(), IDLE_SWEEP_MS)
    try {
      await app.close()
    } finally {
      clearInterval(sweep)
    }
  })
  await app.listen({ host: options.host, port: options.port })
}
