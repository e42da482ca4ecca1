import { join } from 'node:path'
import { findFreePort, isPortFree, startMailpit } from '@authpair/local-servers'
import type { Store } from './stores.js'

/** The SMTP server the issuer sends through: a Mailpit the stack started, or the one SMTP_URL names. */
export interface MailStore extends Store {
  /** Mailpit's web inbox, when the stack runs it. */
  inboxUrl?: string
}

/**
 * Starts Mailpit (issue 14) with its messages in `<root>/.data/mailpit`, on SMTP 1025 and the inbox on 8025 when
 * those are free (else free ports), in a process group of its own like the stores; SMTP_URL set means use that.
 */
export async function startMailStore(root: string, env: NodeJS.ProcessEnv): Promise<MailStore> {
  if (env['SMTP_URL']) return { url: env['SMTP_URL'], env: { SMTP_URL: env['SMTP_URL'] }, kind: 'SMTP_URL' }
  const dataDir = join(root, '.data', 'mailpit')
  const handle = await startMailpit({
    dataDir,
    port: await preferredPort(1025),
    httpPort: await preferredPort(8025),
    onLog: (line) => process.stderr.write(`[mailpit] ${line}\n`),
    ownProcessGroup: true,
  })
  return { url: handle.url, env: { SMTP_URL: handle.url }, kind: handle.kind, handle, dataDir, inboxUrl: handle.httpUrl }
}

async function preferredPort(port: number): Promise<number> {
  return (await isPortFree(port)) ? port : findFreePort()
}
