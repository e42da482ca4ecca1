import { createServer } from 'node:net'

/**
 * Asks the kernel for a port that is free on 127.0.0.1 right now. Another process may still take it before
 * the caller binds it; the servers started here fail fast (and say so) when that happens.
 * @example const port = await findFreePort()
 */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('The kernel gave no port'))))
    })
  })
}

/**
 * Whether nothing listens on `port` at 127.0.0.1 right now (checked by binding it for a moment).
 * @example const port = (await isPortFree(6380)) ? 6380 : await findFreePort()
 */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.unref()
    server.once('error', () => resolve(false))
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => server.close(() => resolve(true)))
  })
}
