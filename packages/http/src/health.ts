import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { AppError } from '@authpair/errors'
import { HealthSchema, errorResponses } from '@authpair/contract'

/** A readiness check: resolves when the dependency answers, rejects (or times out) when it does not. */
export type ReadinessCheck = () => Promise<unknown>

export interface HealthOptions {
  /** Named checks that must all pass for `/readyz` to answer 200. */
  checks: Readonly<Record<string, ReadinessCheck>>
  /** How long one check may take, in milliseconds. */
  timeoutMs?: number
}

/**
 * `GET /healthz` (the process is up) and `GET /readyz` (every dependency answers; else 503 naming which do not).
 */
export const healthRoutes = fp<HealthOptions>(
  async (app: FastifyInstance, options) => {
    const timeoutMs = options.timeoutMs ?? 1000
    app.get('/healthz', { schema: { summary: 'The process is up', response: { 200: HealthSchema } } }, async () => ({ status: 'ok' }))
    const readiness = { summary: 'Every dependency answers; 503 naming those that do not', response: { 200: HealthSchema, ...errorResponses(503) } }
    app.get('/readyz', { schema: readiness }, async () => {
      const failing = await failingChecks(options.checks, timeoutMs)
      if (failing.length > 0) throw new AppError('unavailable', `Not ready: ${failing.join(', ')} not answering.`)
      return { status: 'ok' }
    })
  },
  { name: '@authpair/http/health', fastify: '5.x' },
)

async function failingChecks(checks: HealthOptions['checks'], timeoutMs: number): Promise<string[]> {
  const names = Object.keys(checks)
  const results = await Promise.allSettled(names.map((name) => withTimeout(checks[name]!(), timeoutMs)))
  return names.filter((_, index) => results[index]!.status === 'rejected')
}

function withTimeout(promise: Promise<unknown>, ms: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}
