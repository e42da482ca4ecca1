// What every helper server of the bench (bare, peer, sign on Fastify; express on Express) reports on /metrics: the
// numbers the bench reads from the services, with prom-client's meaning; and how they read their environment.
import { monitorEventLoopDelay } from 'node:perf_hooks'

/** Starts the event-loop monitor; the returned function is the /metrics body, and resets the histogram as prom-client does. */
export function createMetricsText(): () => string {
  // prom-client's default: a 10 ms resolution histogram, reset on every scrape.
  const delay = monitorEventLoopDelay({ resolution: 10 })
  delay.enable()
  return () => {
    const { user, system } = process.cpuUsage()
    const lines = [
      `nodejs_eventloop_lag_p99_seconds ${delay.percentile(99) / 1e9}`,
      `process_resident_memory_bytes ${process.memoryUsage.rss()}`,
      `process_cpu_seconds_total ${(user + system) / 1e6}`,
    ]
    delay.reset()
    return `${lines.join('\n')}\n`
  }
}

/** The Prometheus text format's content type. */
export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4'

/** PORT, which the bench sets for every child. @throws Error when it is not a port. */
export function listenPort(): number {
  const port = Number(process.env['PORT'])
  if (!Number.isInteger(port) || port <= 0) throw new Error('PORT must be set to the port to listen on')
  return port
}

/** Runs `close` once on SIGTERM or SIGINT, then exits. */
export function closeOnSignal(close: () => Promise<void>): void {
  const stop = () => void close().then(() => process.exit(0))
  process.once('SIGTERM', stop).once('SIGINT', stop)
}

/** An environment variable the bench sets for the helper. @throws Error when it is missing. */
export function required(name: string): string {
  const value = process.env[name]
  if (value === undefined || value === '') throw new Error(`${name} must be set`)
  return value
}
