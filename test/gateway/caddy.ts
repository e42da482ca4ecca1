import { spawnSync } from 'node:child_process'
import { accessSync, constants, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { locateCaddy } from '@authpair/local-servers'
import { ROOT } from './cluster.js'
import { startChild, stopChild, type Child } from './children.js'

/** The example this test runs as it is: infra/caddy/Caddyfile. */
export const CADDYFILE = join(ROOT, 'infra/caddy/Caddyfile')

/**
 * The Caddy binary (CADDY_BIN, `caddy` on PATH, or the one scripts/setup.sh builds into .cache/caddy).
 * @throws Error telling how to get one when there is none.
 */
export function requireCaddy(): string {
  const caddy = locateCaddy()
  const hint = 'Run `bash scripts/setup.sh` (it builds Caddy v2.11.9 with Go into .cache/caddy), or set CADDY_BIN to a Caddy binary.'
  if (caddy === undefined) throw new Error(`Caddy is not built, and the Caddy gateway test needs it. ${hint}`)
  try {
    accessSync(caddy, constants.X_OK)
  } catch {
    throw new Error(`${caddy} (CADDY_BIN) is not an executable file, and the Caddy gateway test needs Caddy. ${hint}`)
  }
  return caddy
}

/** Where the Caddyfile's upstream variables point (loopback `host:port` lists). */
export interface CaddyUpstreams {
  issuers: readonly number[]
  forwardAuth: number
  resources: readonly number[]
}

export interface CaddyGateway {
  readonly url: string
  readonly child: Child
  /** What `caddy validate` said of the file with these addresses. */
  readonly validation: string
  stop(): Promise<void>
}

const loopback = (ports: readonly number[]) => ports.map((port) => `127.0.0.1:${port}`).join(' ')

/**
 * Validates infra/caddy/Caddyfile with loopback addresses in its variables, then runs it (admin off, as the file
 * says). Caddy's home and data go to `dir`, so the run leaves nothing behind.
 * @throws Error with Caddy's own words when the file does not validate.
 */
export function startCaddy(binary: string, options: { dir: string; port: number; upstreams: CaddyUpstreams }): CaddyGateway {
  const { dir, port, upstreams } = options
  mkdirSync(dir, { recursive: true })
  const env = {
    PATH: process.env['PATH'] ?? '',
    HOME: dir,
    XDG_DATA_HOME: join(dir, 'data'),
    XDG_CONFIG_HOME: join(dir, 'config'),
    AUTHPAIR_PORT: String(port),
    AUTHPAIR_BIND: '127.0.0.1',
    AUTHPAIR_ISSUERS: loopback(upstreams.issuers),
    AUTHPAIR_FORWARD_AUTH: loopback([upstreams.forwardAuth]),
    AUTHPAIR_RESOURCES: loopback(upstreams.resources),
  }
  const args = ['--config', CADDYFILE, '--adapter', 'caddyfile']
  const check = spawnSync(binary, ['validate', ...args], { encoding: 'utf8', env })
  const validation = `${check.stdout}${check.stderr}`.trim()
  if (check.status !== 0) throw new Error(`caddy validate refused ${CADDYFILE}:\n${validation}`)
  const child = startChild(`caddy :${port}`, binary, ['run', ...args], { env, cwd: dir })
  return { url: `http://127.0.0.1:${port}`, child, validation, stop: () => stopChild(child) }
}
