import { createHook } from 'node:async_hooks'

// Three times in clean-clone CI runs (never in local runs), a Cluster test file whose assertions and teardown had all
// finished did not exit, and tap cut it off 120 s later listing no handle (cluster-failover, cluster-reshard, then
// cluster-tracked). Until the cause is found, a file still alive LINGER_MS after its servers were stopped says what
// holds it and ends, with the exit code tap set: a failed assertion still fails the file. The fourth time, it named
// a timer (`resources: PipeWrap, Timeout`), which Node does not say more of: so every timer's origin is kept, and
// those still holding the process are printed with where they were set.
const LINGER_MS = 30_000
let lingering: NodeJS.Timeout | undefined

const timers = new Map<number, { timer: { hasRef?(): boolean }; origin: string }>()
createHook({
  init(asyncId, type, _trigger, resource) {
    if (type !== 'Timeout') return
    const frames = (new Error().stack ?? '').split('\n').slice(1).map((line) => line.trim())
    const origin = frames.filter((frame) => !frame.includes('(node:') && !frame.includes('linger-guard')).slice(0, 6).join(' < ')
    timers.set(asyncId, { timer: resource, origin })
  },
  destroy(asyncId) {
    timers.delete(asyncId)
  },
}).enable()

/** The file's servers are stopped: from now on, a process that does not end says what holds it, then ends. */
export function armLingerGuard(): void {
  clearTimeout(lingering)
  lingering = setTimeout(endLingeringProcess, LINGER_MS).unref()
}

/** Servers are starting again (another stack of the same file): nothing lingers yet. */
export function holdLingerGuard(): void {
  clearTimeout(lingering)
}

function endLingeringProcess(): void {
  const handles = (process as unknown as { _getActiveHandles(): object[] })._getActiveHandles()
  const described = handles.map((handle) => {
    const { constructor, remotePort, localPort, _onTimeout } = handle as { remotePort?: number; localPort?: number; _onTimeout?: unknown }
    return `${constructor.name}${remotePort === undefined ? '' : ` ${localPort} -> ${remotePort}`}${typeof _onTimeout === 'function' ? ` ${_onTimeout.name}` : ''}`
  })
  const resources = process.getActiveResourcesInfo().join(', ')
  const holding = [...timers.values()].filter(({ timer }) => timer.hasRef?.() === true).map(({ origin }) => origin)
  console.error(`linger guard: the file is still alive ${LINGER_MS / 1000} s after its servers stopped; resources: ${resources}; handles: ${described.join('; ')}`)
  for (const origin of holding.slice(0, 10)) console.error(`linger guard: a timer holds it, set at ${origin}`)
  process.exit()
}
