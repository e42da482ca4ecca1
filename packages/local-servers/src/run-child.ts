import { spawn, type ChildProcess } from 'node:child_process'
import { trackChild } from './child-registry.js'
import { OutputTail } from './output-tail.js'

/** How a child ended: an exit code, a signal, or a failure to start at all. */
export interface ChildExit {
  code: number | null
  signal: NodeJS.Signals | null
  error?: Error
}

/** One run of a server program, tracked so it dies with this process. */
export interface ChildRun {
  readonly child: ChildProcess
  readonly tail: OutputTail
  /** Settles when the child has exited (or failed to spawn); never rejects. */
  readonly exited: Promise<ChildExit>
  /** Set once `exited` has settled. */
  exit: ChildExit | undefined
}

export interface RunChildOptions {
  /** Receives each line of output. */
  onLog?: (line: string) => void
  /** Starts the child as the leader of a new process group (see `StartOptions.ownProcessGroup`). */
  ownProcessGroup?: boolean
}

/** Spawns `command` with piped output, feeding each line to `onLog` and to the run's tail. */
export function runChild(command: string, args: readonly string[], options: RunChildOptions = {}): ChildRun {
  const { onLog, ownProcessGroup = false } = options
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: ownProcessGroup })
  const tail = new OutputTail()
  tail.follow(child.stdout, onLog)
  tail.follow(child.stderr, onLog)
  const run: ChildRun = {
    child,
    tail,
    exit: undefined,
    exited: new Promise<ChildExit>((resolve) => {
      child.once('exit', (code, signal) => resolve({ code, signal }))
      child.once('error', (error) => resolve({ code: null, signal: null, error }))
    }),
  }
  void run.exited.then((exit) => (run.exit = exit))
  if (child.pid !== undefined) trackChild(child)
  return run
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone. */
export async function stopChild(run: ChildRun, graceMs: number): Promise<void> {
  if (run.exit === undefined && run.child.pid !== undefined) {
    run.child.kill('SIGTERM')
    const timer = setTimeout(() => run.child.kill('SIGKILL'), graceMs)
    await run.exited
    clearTimeout(timer)
  }
  await run.exited
}

/** `code 1`, `signal SIGKILL`, or the spawn error, for messages. */
export function describeExit(exit: ChildExit): string {
  if (exit.error !== undefined) return `could not run it: ${exit.error.message}`
  return exit.signal !== null ? `killed by ${exit.signal}` : `exit code ${String(exit.code)}`
}

/** The command line as a shell would accept it, for messages. */
export function formatCommand(command: string, args: readonly string[]): string {
  return [command, ...args].map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`)).join(' ')
}
