import { join } from 'node:path'
import { findFreePort } from './find-free-port.js'
import { locateMailpit } from './locate-mailpit.js'
import { launchServer } from './managed-server.js'
import { prepare } from './prepare.js'
import type { ServerHandle, StartOptions } from './types.js'

/** A running Mailpit: `url` is its SMTP URL, `httpUrl` its web inbox and HTTP API. */
export interface MailpitHandle extends ServerHandle {
  readonly httpUrl: string
  readonly httpPort: number
}

export interface MailpitOptions extends StartOptions {
  /** The web inbox and API port, on 127.0.0.1; absent or 0 picks a free one. */
  httpPort?: number
  /** Only recipients matching this (Go) regular expression are accepted; others get an SMTP 550. */
  allowedRecipients?: string
}

/**
 * Starts Mailpit on 127.0.0.1 with its messages in `<dataDir>/mailpit.db`, so `restart()` keeps them.
 * It never asks the internet for a newer version (`--disable-version-check`).
 * @throws Error telling to run `bash scripts/setup.sh` or set SMTP_URL when there is no Mailpit.
 * @example const mail = await startMailpit({ dataDir: '.data/mailpit' }) // mail.url === 'smtp://127.0.0.1:…'
 */
export async function startMailpit(options: MailpitOptions): Promise<MailpitHandle> {
  const command = locateMailpit()
  if (command === undefined) {
    throw new Error(
      'No Mailpit found: no MAILPIT_BIN, no `mailpit` on PATH, and no .cache/mailpit/bin/mailpit. ' +
        'Run `bash scripts/setup.sh` to build it, or set SMTP_URL to a running SMTP server.',
    )
  }
  const { dataDir, port } = await prepare(options)
  const httpPort = options.httpPort !== undefined && options.httpPort !== 0 ? options.httpPort : await findFreePort()
  const httpUrl = `http://127.0.0.1:${httpPort}`
  const args = [
    '--smtp', `127.0.0.1:${port}`,
    '--listen', `127.0.0.1:${httpPort}`,
    '--database', join(dataDir, 'mailpit.db'),
    '--disable-version-check',
    // Mailpit prunes all but the newest 500 by default; tests look messages up by recipient after many others.
    '--max', '0',
    '--smtp-auth-accept-any',
    '--smtp-auth-allow-insecure',
    ...(options.allowedRecipients === undefined ? [] : ['--smtp-allowed-recipients', options.allowedRecipients]),
  ]
  const handle = await launchServer({
    kind: 'mailpit',
    url: `smtp://127.0.0.1:${port}`,
    port,
    command,
    args,
    ping: () => pingMailpit(httpUrl),
    onLog: options.onLog,
    ownProcessGroup: options.ownProcessGroup,
  })
  return Object.assign(handle, { httpUrl, httpPort })
}

async function pingMailpit(httpUrl: string): Promise<void> {
  const response = await fetch(`${httpUrl}/readyz`, { signal: AbortSignal.timeout(1000) })
  if (!response.ok) throw new Error(`Mailpit /readyz answered ${response.status}`)
}
