import { setTimeout as sleep } from 'node:timers/promises'
import { askRedis } from './pings.js'
import type { ServerHandle } from './types.js'

const POLL_INTERVAL_MS = 200

/** The `field:value` lines of an INFO-style reply, as a map. */
export function parseInfo(text: string): Map<string, string> {
  const fields = new Map<string, string>()
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':')
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim())
  }
  return fields
}

/**
 * Polls `check` until it returns true.
 * @throws Error naming `what` and the last reason when it is still false after `deadlineMs`.
 */
export async function waitFor(what: string, deadlineMs: number, check: () => Promise<boolean | string>): Promise<void> {
  const deadline = Date.now() + deadlineMs
  let last = 'no answer yet'
  for (;;) {
    try {
      const result = await check()
      if (result === true) return
      if (typeof result === 'string') last = result
    } catch (error) {
      last = error instanceof Error ? error.message : String(error)
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${deadlineMs / 1000} s waiting for ${what}: ${last}`)
    await sleep(POLL_INTERVAL_MS)
  }
}

/**
 * True once every replica among `nodes` has its link to its primary up (its first full sync done): before that,
 * WAIT counts no replica and a revocation that needs one rightly answers 503. Primaries among `nodes` are passed over.
 */
export async function replicasInSync(nodes: readonly ServerHandle[]): Promise<boolean | string> {
  for (const node of nodes) {
    const info = parseInfo(String(await askRedis(node.port, 'INFO', ['replication'])))
    if (info.get('role') === 'slave' && info.get('master_link_status') !== 'up') {
      return `127.0.0.1:${node.port} has master_link_status ${info.get('master_link_status')}`
    }
  }
  return true
}
