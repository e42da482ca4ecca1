import { locateTool } from './locate-tool.js'

/**
 * Finds a Caddy binary (for the gateway test of infra/caddy): `CADDY_BIN` when set (returned as given), then
 * `caddy` on PATH, then `<repo root>/.cache/caddy/bin/caddy`, where `scripts/setup.sh` builds it with Go.
 * @returns the path, or undefined when there is none.
 */
export function locateCaddy(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return locateTool('caddy', 'CADDY_BIN', env)
}
