// Three times in clean-clone CI runs (never in local runs), a Cluster test file whose assertions and teardown had all
// finished did not exit, and tap cut it off 120 s later listing no handle (cluster-failover, cluster-reshard, then
// cluster-tracked). Until the cause is found, a file still alive LINGER_MS after its servers were stopped says what
// holds it and ends, with the exit code tap set: a failed assertion still fails the file.
const LINGER_MS = 30_000
let lingering: NodeJS.Timeout | undefined

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
  console.error(`linger guard: the file is still alive ${LINGER_MS / 1000} s after its servers stopped; resources: ${resources}; handles: ${described.join('; ')}`)
  process.exit()
}
