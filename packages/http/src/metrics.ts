import type {} from '@fastify/swagger'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Counter, Registry, collectDefaultMetrics } from 'prom-client'
import { LatencyHistogram } from './latency-histogram.js'

/** The service's Prometheus registry and the counters every service has. */
export interface Metrics {
  readonly registry: Registry
  /** Answers of 503 by the store that could not answer (`redis`, `mongodb`, `jwks`). */
  readonly storeErrors: Counter<'store'>
  /** A new counter in this service's registry. */
  counter<L extends string>(name: string, help: string, labelNames?: readonly L[]): Counter<L>
  /**
   * A counter for the path of every request, one series per value of its one label: each `inc()` adds to a plain
   * number, handed to prom-client when /metrics is collected (prom-client's own `inc` hashes the labels each call).
   */
  hotCounter<V extends string>(name: string, help: string, label: string, values: readonly V[]): Record<V, Tally>
}

/** One series of a hot counter. */
export interface Tally {
  inc(): void
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Metrics
  }
}

// Request latencies of an API: most answers take well under 10 ms; logins take hundreds (bcrypt).
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

/** Creates the registry with the process metrics and the store-error counter. */
export function createMetrics(): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] })
  return {
    registry,
    storeErrors: counter('store_errors_total', 'Requests answered 503 because a store could not answer', ['store']),
    counter,
    hotCounter: (name, help, label, values) => hotCounter(registry, name, help, label, values),
  }
}

function hotCounter<V extends string>(registry: Registry, name: string, help: string, label: string, values: readonly V[]) {
  const pending = new Map<V, number>(values.map((value) => [value, 0]))
  const counter = new Counter({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    collect() {
      for (const [value, count] of pending) {
        this.inc({ [label]: value }, count)
        pending.set(value, 0)
      }
    },
  })
  for (const value of values) counter.inc({ [label]: value }, 0)
  const tally = (value: V): Tally => ({ inc: () => pending.set(value, pending.get(value)! + 1) })
  return Object.fromEntries(values.map((value) => [value, tally(value)])) as Record<V, Tally>
}

/**
 * `GET /metrics` in Prometheus text format, and a latency histogram of every answer by method, route pattern and
 * status; its `_count` counts the answers. Bind it to an internal network or protect it at the gateway in production.
 */
export const metricsRoute = fp<{ metrics: Metrics }>(
  async (app: FastifyInstance, { metrics }) => {
    const latency = new LatencyHistogram(
      'http_request_duration_seconds',
      'Time to answer, by method, route and status',
      LATENCY_BUCKETS,
      metrics.registry,
    )
    app.addHook('onResponse', (request, reply, done) => {
      latency.observe(reply.elapsedTime / 1000, request.method, request.routeOptions.url ?? 'unmatched', reply.statusCode)
      done()
    })
    app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
      reply.type(metrics.registry.contentType).send(await metrics.registry.metrics()),
    )
  },
  { name: '@authpair/http/metrics', fastify: '5.x' },
)
