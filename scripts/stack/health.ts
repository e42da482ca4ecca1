import { setTimeout as sleep } from 'node:timers/promises'
import type { RunningService } from './services.js'

const HEALTH_DEADLINE_MS = 30_000
const POLL_INTERVAL_MS = 200

/**
 * Polls `GET /healthz` until it answers 200.
 * @throws Error when the service exits first or does not get healthy within 30 s.
 */
export async function waitUntilHealthy(service: RunningService): Promise<void> {
  const { name, port } = service.definition
  const url = `http://127.0.0.1:${port}/healthz`
  let ended: string | undefined
  void service.exited.then((how) => (ended = how))
  const deadline = Date.now() + HEALTH_DEADLINE_MS
  for (;;) {
    if (ended !== undefined) throw new Error(`${name} stopped before it was healthy (${ended})`)
    if (await answers200(url)) return
    if (Date.now() > deadline) throw new Error(`${name} did not answer GET ${url} with 200 within ${HEALTH_DEADLINE_MS / 1000} s`)
    await sleep(POLL_INTERVAL_MS)
  }
}

async function answers200(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1000) })
    await response.body?.cancel()
    return response.status === 200
  } catch {
    return false
  }
}
