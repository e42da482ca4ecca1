import { setTimeout as sleep } from 'node:timers/promises'
import { isPortFree } from './find-free-port.js'
import { describeExit, formatCommand, runChild, stopChild, type ChildRun } from './run-child.js'
import type { ServerHandle, ServerKind } from './types.js'

const READY_DEADLINE_MS = 30_000
const POLL_INTERVAL_MS = 100
const STOP_GRACE_MS = 5_000

/** Everything `launchServer` needs to run one server and know when it is ready. */
export interface ServerSpec {
  kind: ServerKind
  url: string
  port: number
  command: string
  args: readonly string[]
  /** Resolves once the server answers; rejects while it does not (yet). */
  ping: () => Promise<void>
  /** Where the server logs when not to stderr; its end goes into start errors. */
  logFile?: string
  onLog?: (line: string) => void
  ownProcessGroup?: boolean
}

/**
 * Starts the server described by `spec` and resolves once it answers a ping.
 * @throws Error with the command line and the last lines of output, when the port is taken, the server exits
 * before it is ready, or it does not answer within 30 s.
 */
export async function launchServer(spec: ServerSpec): Promise<ServerHandle> {
  let run: ChildRun | undefined
  let stopping: Promise<void> | undefined

  const stop = (): Promise<void> => {
    if (run === undefined) return Promise.resolve()
    stopping ??= stopChild(run, STOP_GRACE_MS)
    return stopping
  }
  const start = async (): Promise<void> => {
    if (!(await isPortFree(spec.port))) throw startError(spec, undefined, `port ${spec.port} on 127.0.0.1 is already in use`)
    run = runChild(spec.command, spec.args, { onLog: spec.onLog, ownProcessGroup: spec.ownProcessGroup })
    stopping = undefined
    try {
      await waitUntilReady(spec, run)
    } catch (error) {
      await stop()
      throw error
    }
  }

  await start()
  return {
    kind: spec.kind,
    url: spec.url,
    port: spec.port,
    get pid() {
      return run?.exit === undefined ? run?.child.pid : undefined
    },
    stop,
    restart: async () => {
      await stop()
      await start()
    },
  }
}

async function waitUntilReady(spec: ServerSpec, run: ChildRun): Promise<void> {
  const deadline = Date.now() + READY_DEADLINE_MS
  for (;;) {
    if (run.exit !== undefined) throw startError(spec, run, `it exited before it was ready (${describeExit(run.exit)})`)
    try {
      await spec.ping()
      // Something else may have answered on the port while ours was failing to bind it.
      if (run.exit === undefined) return
    } catch {
      // Not up yet: keep polling until the deadline.
    }
    if (Date.now() > deadline) throw startError(spec, run, `it did not answer a ping within ${READY_DEADLINE_MS / 1000} s`)
    await sleep(POLL_INTERVAL_MS)
  }
}

function startError(spec: ServerSpec, run: ChildRun | undefined, reason: string): Error {
  const output = run === undefined ? '' : `\n  last output:\n${run.tail.describe(spec.logFile)}`
  const command = formatCommand(spec.command, spec.args)
  return new Error(`Could not start ${spec.kind} on port ${spec.port}: ${reason}\n  command: ${command}${output}`)
}
