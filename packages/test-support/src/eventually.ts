import { setTimeout as sleep } from 'node:timers/promises'

/** Polls `check` every 100 ms until it holds or `timeoutMs` passes; true when it held. For recoveries, not timing. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 15_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return true
    await sleep(100)
  }
  return false
}
