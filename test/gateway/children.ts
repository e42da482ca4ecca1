import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'

/** A process the gateway test started and must stop. */
export interface Child {
  readonly name: string
  readonly process: ChildProcess
  /** What it gets if this process dies first. */
  readonly deathSignal: 'TERM' | 'KILL'
  /** Settles with how it ended (`exit code 1`, `killed by SIGTERM`); never rejects. */
  readonly exited: Promise<string>
  /** Every line it printed (up to a cap). */
  lines(): readonly string[]
  /** Its last lines, for failure messages. */
  tail(): string
}

const KEPT_LINES = 2_000
const TAIL_LINES = 40
const live = new Set<Child>()

// Plain exits and failures run this; teardown normally stopped everything before. Nothing can be awaited here, so
// each child gets its death signal: SIGKILL, but SIGTERM for nginx, whose master must stop its own workers.
process.once('exit', () => {
  for (const child of live) child.process.kill(`SIG${child.deathSignal}`)
})

// tap ends a timed-out test file with SIGALRM then SIGKILL, where no exit hook of ours runs. setpriv makes the
// kernel send the child a signal when this process dies, however it dies (prctl PR_SET_PDEATHSIG).
const SETPRIV = '/usr/bin/setpriv'

/** Starts `command` with the given environment, keeping its output tail; `deathSignal` reaches it if we die. */
export function startChild(
  name: string,
  command: string,
  args: readonly string[],
  options: { env: NodeJS.ProcessEnv; cwd?: string; deathSignal?: 'TERM' | 'KILL' },
): Child {
  const deathSignal = options.deathSignal ?? 'KILL'
  const guarded = existsSync(SETPRIV)
  const file = guarded ? SETPRIV : command
  const argv = guarded ? ['--pdeathsig', deathSignal, '--', command, ...args] : [...args]
  const proc = spawn(file, argv, { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  const lines: string[] = []
  const follow = (stream: NodeJS.ReadableStream) => {
    let partial = ''
    stream.setEncoding('utf8')
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n')
      partial = parts.pop() ?? ''
      lines.push(...parts.filter((line) => line.length > 0))
      if (lines.length > KEPT_LINES) lines.splice(0, lines.length - KEPT_LINES)
    })
  }
  follow(proc.stdout)
  follow(proc.stderr)
  const exited = new Promise<string>((resolve) => {
    proc.once('exit', (code, signal) => resolve(signal !== null ? `killed by ${signal}` : `exit code ${String(code)}`))
    proc.once('error', (error) => resolve(`could not start: ${error.message}`))
  })
  const child: Child = { name, process: proc, deathSignal, exited, lines: () => lines, tail: () => lines.slice(-TAIL_LINES).join('\n') }
  live.add(child)
  void exited.then(() => live.delete(child))
  return child
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone. */
export async function stopChild(child: Child, graceMs = 5_000): Promise<void> {
  if (live.has(child)) {
    child.process.kill('SIGTERM')
    const timer = setTimeout(() => child.process.kill('SIGKILL'), graceMs)
    await child.exited
    clearTimeout(timer)
  }
}

/**
 * Polls `url` until it answers `status`.
 * @throws Error with the child's last output when it exits first or the deadline passes.
 */
export async function waitForStatus(child: Child, url: string, status = 200, deadlineMs = 30_000): Promise<void> {
  let ended: string | undefined
  void child.exited.then((how) => (ended = how))
  const deadline = Date.now() + deadlineMs
  for (;;) {
    if (ended !== undefined) throw new Error(`${child.name} stopped before it answered (${ended}):\n${child.tail()}`)
    if ((await statusOf(url)) === status) return
    if (Date.now() > deadline) throw new Error(`${child.name} did not answer ${status} at ${url} within ${deadlineMs} ms:\n${child.tail()}`)
    await sleep(100)
  }
}

async function statusOf(url: string): Promise<number | undefined> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) })
    await response.body?.cancel()
    return response.status
  } catch {
    return undefined
  }
}
