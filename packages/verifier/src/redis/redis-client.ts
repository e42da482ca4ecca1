import { Redis, type RedisOptions } from 'ioredis'

export interface RedisClientOptions {
  url: string
  /** Shown in `CLIENT LIST`, to tell our connections apart. */
  connectionName: string
  /** How long one command may wait for its reply before it fails (and the request answers 503). */
  commandTimeoutMs?: number
  /** Connect only on `connect()` (services do, to fail start-up plainly); default true. */
  lazyConnect?: boolean
  /** Told about connection errors (Redis down, a reconnect failing); default: nothing, see createRedisClient. */
  onError?: (error: Error) => void
  /** Anything else ioredis takes, for special-purpose connections (a subscriber, say). */
  overrides?: RedisOptions
}

/**
 * A Redis client for the request path. It fails fast instead of queueing: with Redis down, commands reject at once
 * (no offline queue) or after `commandTimeoutMs`, so a request answers 503 rather than hanging; and it reconnects
 * forever in the background with a capped backoff, so the service recovers by itself when Redis returns.
 */
export function createRedisClient(options: RedisClientOptions): Redis {
  const client = new Redis(options.url, {
    connectionName: options.connectionName,
    lazyConnect: options.lazyConnect ?? true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    connectTimeout: 2000,
    enableAutoPipelining: true,
    // Back off 50 ms, 100 ms, ... up to 1 s between reconnects, and never give up.
    retryStrategy: (attempt) => Math.min(attempt * 50, 1000),
    // A replica promoted under us answers READONLY: reconnect to find the writable one.
    reconnectOnError: (error) => error.message.startsWith('READONLY'),
    ...options.overrides,
  })
  // Without a listener ioredis prints every failed reconnect. A failure reaches callers anyway, as the
  // UnavailableError (503) of the command that needed Redis; `onError` is for whoever wants to log it too.
  client.on('error', options.onError ?? (() => undefined))
  return client
}

/**
 * Ends a client for good. `quit()` alone is not enough: without an offline queue it is refused while the client
 * is still connecting, and the connection then opens anyway and keeps the process alive.
 */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    const quit = await client.quit().then(() => true, () => false)
    if (quit) return
  }
  client.disconnect()
}
