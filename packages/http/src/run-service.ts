import { StartupError } from '@authpair/errors'
import type { FastifyInstance } from 'fastify'
import { listenUntilSignal } from './lifecycle.js'

export interface ServiceStart {
  app: FastifyInstance
  host: string
  port: number
}

/**
 * The body of a service's `server.ts`: builds the app, listens until SIGTERM/SIGINT, and on a start-up failure
 * prints one plain line (the operator's fix for a `StartupError`, the error itself otherwise) and exits 1.
 */
export async function runService(name: string, start: () => Promise<ServiceStart>): Promise<void> {
  try {
    const { app, host, port } = await start()
    await listenUntilSignal(app, { host, port })
  } catch (error) {
    if (error instanceof StartupError) console.error(`${name} cannot start. ${error.message}`)
    else console.error(`${name} cannot start:`, error)
    process.exit(1)
  }
}
