import { locateTool } from './locate-tool.js'

/**
 * Finds a Mailpit binary (the local SMTP server with a web inbox, issue 14): `MAILPIT_BIN` when set (returned as
 * given), then `mailpit` on PATH, then `<repo root>/.cache/mailpit/bin/mailpit`, where `scripts/setup.sh` builds it.
 * @returns the path, or undefined when there is none.
 */
export function locateMailpit(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return locateTool('mailpit', 'MAILPIT_BIN', env)
}
