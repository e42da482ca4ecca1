import type { OutgoingMail } from '../mail/outbox-ports.js'
import { renderMail, type MailTemplate } from '../mail/templates.js'
import { createEmailToken, hashEmailToken, type EmailTokenKind, type EmailTokenStore } from './email-tokens.js'
import type { IssuerContext, UserRecord } from './ports.js'

/** What the email flows need on top of the issuer's context (issue 14). */
export interface MailFlowContext extends IssuerContext {
  tokens: EmailTokenStore
  /** Stores a mail in the outbox; resolves once it is stored (it is sent later). */
  sendMail(mail: OutgoingMail): Promise<void>
  /** Counts one mail-sending request against `scope` (an IP or an address). @throws TooManyAttemptsError. */
  hitMailLimit(scope: string): Promise<void>
  mail: {
    /** PUBLIC_APP_URL without a trailing slash. */
    appUrl: string
    verifyTtlSeconds: number
    resetTtlSeconds: number
  }
}

const PAGES: Record<EmailTokenKind, { path: string; template: MailTemplate }> = {
  verify_email: { path: '/verify-email', template: 'verify_email' },
  reset_password: { path: '/reset-password', template: 'reset_password' },
  change_email: { path: '/confirm-email-change', template: 'confirm_email_change' },
}

export interface TokenMail {
  kind: EmailTokenKind
  user: UserRecord
  /** Where the mail goes: the user's address, or for a change the new one. */
  to: string
  ttlSeconds: number
  sessionId?: string
}

/**
 * Issues a token (killing the user's older one of the kind) and stores the mail with its link in the outbox. The
 * token rides in the fragment (`#token=`), which browsers send to no server; it is stored only as its hash.
 */
export async function mailToken(context: MailFlowContext, request: TokenMail): Promise<void> {
  const { kind, user, to } = request
  const token = createEmailToken()
  await context.tokens.issue({
    hash: hashEmailToken(token),
    kind,
    userId: user.id,
    email: user.email,
    ...(kind === 'change_email' && { newEmail: to }),
    ...(request.sessionId !== undefined && { sessionId: request.sessionId }),
    expiresAt: new Date(context.now() + request.ttlSeconds * 1000),
  })
  const page = PAGES[kind]
  const link = `${context.mail.appUrl}${page.path}#token=${token}`
  await context.sendMail({ to, ...renderMail(page.template, { name: user.name, link }) })
}

/** The token's user, when the token is live and the user still has the address it was issued for. */
export async function consumeToken(context: MailFlowContext, kind: EmailTokenKind, token: string): Promise<{ user: UserRecord; newEmail?: string; sessionId?: string } | undefined> {
  const record = await context.tokens.consume(kind, hashEmailToken(token), new Date(context.now()))
  if (!record) return undefined
  const user = await context.users.findById(record.userId)
  if (!user || user.disabled || user.email !== record.email) return undefined
  return { user, ...(record.newEmail !== undefined && { newEmail: record.newEmail }), ...(record.sessionId !== undefined && { sessionId: record.sessionId }) }
}
