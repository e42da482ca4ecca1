import { spawn, type ChildProcess } from 'node:child_process'
import { prefixLines } from '../stack/prefix-lines.js'

/** A process the bench started: a service, a helper server or the bcrypt child. */
export interface Child {
  readonly name: string
  readonly child: ChildProcess
  /** Settles with how it ended (`exit code 1`, `killed by SIGTERM`). */
  readonly exited: Promise<string>
}

/** A Node program to run: a built service, or a TypeScript helper of the bench (`ts: true`, through tsx). */
export interface ChildSpec {
  name: string
  script: string
  cwd: string
  env: NodeJS.ProcessEnv
  ts?: boolean
  /** Options for node itself, before the script (`--cpu-prof`). */
  nodeArgs?: readonly string[]
  /** Keep stdout to read (the bcrypt child's result) instead of printing it. */
  captureStdout?: boolean
}

const live = new Set<Child>()

/** Runs `node <script>`, its stderr (and stdout, unless captured) printed with its name in front. */
export function spawnChild(spec: ChildSpec): Child {
  // tsx only as a loader: the process is plain `node` otherwise, like the services.
  const args = [...(spec.nodeArgs ?? []), ...(spec.ts === true ? ['--import', 'tsx', spec.script] : [spec.script])]
  const child = spawn(process.execPath, args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', 'pipe', 'pipe'] })
  const label = `[${spec.name}]`
  if (spec.captureStdout !== true) prefixLines(child.stdout, label, process.stdout)
  prefixLines(child.stderr, label, process.stderr)
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal !== null ? `killed by ${signal}` : `exit code ${String(code)}`))
    child.once('error', (error) => resolve(`could not start: ${error.message}`))
  })
  const running = { name: spec.name, child, exited }
  live.add(running)
  void exited.then(() => live.delete(running))
  return running
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopChild(running: Child, graceMs = 5000): Promise<void> {
  const { child } = running
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  child.kill('SIGTERM')
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
  await running.exited
  clearTimeout(timer)
}

/** Stops every child still running, all at once. */
export async function stopAllChildren(): Promise<void> {
  await Promise.allSettled([...live].map((running) => stopChild(running)))
}

/** For the last synchronous moment of this process: nothing it started may outlive it. */
export function killAllChildren(): void {
  for (const running of live) running.child.kill('SIGKILL')
}
