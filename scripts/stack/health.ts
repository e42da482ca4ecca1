import { setTimeout as sleep } from 'node:timers/promises'

/** A process to wait for: its name for messages, the URL that answers 200 once it is up, and its end. */
export interface HealthTarget {
  name: string
  url: string
  /** Settles with how the process ended (`exit code 1`). */
  exited: Promise<string>
}

const HEALTH_DEADLINE_MS = 30_000
const POLL_INTERVAL_MS = 200

/**
 * Polls the target's URL (a `/healthz`, or a `/readyz` when being up is not enough) until it answers 200.
 * @throws Error when the process exits first or does not get healthy within 30 s.
 */
export async function waitUntilHealthy({ name, url, exited }: HealthTarget): Promise<void> {
  let ended: string | undefined
  void exited.then((how) => (ended = how))
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
