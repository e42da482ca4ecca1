import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { prefixLines } from './prefix-lines.js'

/** One service of the stack, as data: add an entry to `serviceDefinitions` to run another. */
export interface ServiceDefinition {
  name: string
  /** The package folder, relative to the repo root; the process runs there. */
  dir: string
  /** The built entry point, relative to `dir`. */
  entry: string
  port: number
  /** The variable that sets `port`. */
  portVariable: keyof StackPorts
  /** Variables this service gets on top of the shared ones. */
  env: Record<string, string>
}

/** The services' ports, from ISSUER_PORT, RESOURCE_PORT and FORWARD_AUTH_PORT; every service gets all three. */
export interface StackPorts {
  ISSUER_PORT: number
  RESOURCE_PORT: number
  FORWARD_AUTH_PORT: number
}

/** @throws Error naming a variable that is not a port. */
export function readPorts(env: NodeJS.ProcessEnv): StackPorts {
  return {
    ISSUER_PORT: readPort(env, 'ISSUER_PORT', 4000),
    RESOURCE_PORT: readPort(env, 'RESOURCE_PORT', 4001),
    FORWARD_AUTH_PORT: readPort(env, 'FORWARD_AUTH_PORT', 4002),
  }
}

/** The services in start order. */
export function serviceDefinitions(ports: StackPorts, env: NodeJS.ProcessEnv): ServiceDefinition[] {
  // The issuer signs tokens with this `iss` and the verifiers expect it, so all must agree on it.
  const issuerUrl = env['ISSUER_URL'] || `http://127.0.0.1:${ports.ISSUER_PORT}`
  const service = (name: string, portVariable: keyof StackPorts): ServiceDefinition => ({
    name,
    dir: `services/${name}`,
    entry: 'dist/server.js',
    port: ports[portVariable],
    portVariable,
    env: { ISSUER_URL: issuerUrl },
  })
  return [service('auth-issuer', 'ISSUER_PORT'), service('resource', 'RESOURCE_PORT'), service('forward-auth', 'FORWARD_AUTH_PORT')]
}

function readPort(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return fallback
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${name} is ${JSON.stringify(raw)}; expected a port from 1 to 65535`)
  return port
}

/** A service process the stack started. */
export interface RunningService {
  readonly definition: ServiceDefinition
  readonly child: ChildProcess
  /** Settles with a description of how it ended (`exit code 1`, `killed by SIGTERM`). */
  readonly exited: Promise<string>
}

/** Whether the service has been built. */
export function isBuilt(root: string, service: ServiceDefinition): boolean {
  return existsSync(join(root, service.dir, service.entry))
}

/**
 * Runs `node <entry>` in the service's folder, its output prefixed with its name, in a process group of its own.
 * Issue 11, item 9: in the terminal's group, a Ctrl-C (or a SIGTERM to the group) would reach the service and then
 * the stack's own SIGTERM would too, and close-with-grace ends a service on a second signal with exit code 1 and
 * "second SIGTERM, exiting", cutting its drain short. Apart, the service gets exactly one signal: the stack's.
 */
export function spawnService(
  root: string,
  service: ServiceDefinition,
  env: NodeJS.ProcessEnv,
  labelWidth: number,
): RunningService {
  const child = spawn(process.execPath, [service.entry], {
    cwd: join(root, service.dir),
    env: { ...env, ...service.env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const label = `[${service.name}]`.padEnd(labelWidth + 2)
  prefixLines(child.stdout, label, process.stdout)
  prefixLines(child.stderr, label, process.stderr)
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => resolve(signal !== null ? `killed by ${signal}` : `exit code ${String(code)}`))
    child.once('error', (error) => resolve(`could not start: ${error.message}`))
  })
  return { definition: service, child, exited }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves with how the process ended once it is gone. */
export async function stopService(service: RunningService, graceMs: number): Promise<string> {
  if (service.child.exitCode !== null || service.child.signalCode !== null || service.child.pid === undefined) return service.exited
  service.child.kill('SIGTERM')
  const timer = setTimeout(() => service.child.kill('SIGKILL'), graceMs)
  const how = await service.exited
  clearTimeout(timer)
  return how
}
