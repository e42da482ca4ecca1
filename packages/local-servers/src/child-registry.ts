import type { ChildProcess } from 'node:child_process'
import { onExit } from 'signal-exit'

const live = new Set<ChildProcess>()
let removeHook: (() => void) | undefined

// SIGKILL, not SIGTERM: this runs inside the parent's last synchronous moment, where nothing can wait for a
// graceful stop, and a server left running would keep its port and data directory. Orderly stops go through
// `ServerHandle.stop()`.
function killAll(): void {
  for (const child of live) child.kill('SIGKILL')
}

/**
 * Kills `child` when this process exits, or dies of a signal that nothing else handles. signal-exit does the
 * signal part the cooperative way: it acts (and re-raises the signal) only when no other listener is installed,
 * so callers with their own SIGINT/SIGTERM handlers keep control of the shutdown order.
 */
export function trackChild(child: ChildProcess): void {
  live.add(child)
  removeHook ??= onExit(killAll)
  child.once('exit', () => {
    live.delete(child)
    if (live.size === 0 && removeHook !== undefined) {
      removeHook()
      removeHook = undefined
    }
  })
}
