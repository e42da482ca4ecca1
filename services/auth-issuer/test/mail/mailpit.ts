import { setTimeout as sleep } from 'node:timers/promises'

/** A message as Mailpit's API returns it (`GET /api/v1/message/{ID}`), the fields the tests read. */
export interface MailpitMessage {
  ID: string
  Subject: string
  To: { Address: string }[]
  Bcc: { Address: string }[] | null
  Text: string
  HTML: string
}

/** The harness's Mailpit (scripts/test/run.ts): SMTP URL and HTTP API. */
export function harnessMailpit(): { smtpUrl: string; apiUrl: string } {
  const smtpUrl = process.env['TEST_SMTP_URL']
  const apiUrl = process.env['TEST_MAILPIT_URL']
  if (!smtpUrl || !apiUrl) throw new Error('TEST_SMTP_URL / TEST_MAILPIT_URL are not set: run the tests through scripts/test/run.ts')
  return { smtpUrl, apiUrl }
}

/**
 * The messages to one address, oldest first. Tests use unique addresses and filter by them, so test files that run
 * in parallel on one Mailpit never see (or delete) each other's mail.
 */
export async function messagesTo(apiUrl: string, address: string): Promise<MailpitMessage[]> {
  const search = await fetch(`${apiUrl}/api/v1/search?limit=1000&query=${encodeURIComponent(`to:"${address}"`)}`)
  if (!search.ok) throw new Error(`Mailpit search answered ${search.status}`)
  const { messages } = (await search.json()) as { messages: { ID: string; To: { Address: string }[] }[] }
  const exact = messages.filter((message) => message.To.some((to) => to.Address === address)).reverse()
  return Promise.all(exact.map(async ({ ID }) => (await (await fetch(`${apiUrl}/api/v1/message/${ID}`)).json()) as MailpitMessage))
}

/** Waits until `address` has at least `count` messages (with `subject`, when given; 10 s at most), and returns them. */
export async function waitForMail(apiUrl: string, address: string, count = 1, subject?: string): Promise<MailpitMessage[]> {
  const deadline = Date.now() + 10_000
  for (;;) {
    const found = (await messagesTo(apiUrl, address)).filter((message) => subject === undefined || message.Subject === subject)
    if (found.length >= count) return found
    if (Date.now() > deadline) throw new Error(`${address} has ${found.length} of ${count} messages after 10 s`)
    await sleep(50)
  }
}

/** The token in a mail's link (`...#token=...`). */
export function tokenFrom(message: MailpitMessage): string {
  const match = /#token=([A-Za-z0-9_-]+)/.exec(message.Text)
  if (!match?.[1]) throw new Error('no link with a token in the mail')
  return match[1]
}

/** Issuer settings that send to the harness's Mailpit, polling often so tests wait little. */
export function mailTestEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { SMTP_URL: harnessMailpit().smtpUrl, MAIL_POLL_INTERVAL_MS: '50', MAIL_RETRY_BASE_MS: '50', MAIL_RETRY_MAX_MS: '200', ...extra }
}
