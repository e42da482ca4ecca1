import { AppError } from '@authpair/errors'
import { consumeToken, mailToken, type MailFlowContext } from './mail-flows.js'
import type { UserRecord } from './ports.js'
import { withUserChange } from './user-change.js'

/** Mails a verification link to the user's address; the previous link dies. */
export async function sendVerification(context: MailFlowContext, user: UserRecord): Promise<void> {
  await mailToken(context, { kind: 'verify_email', user, to: user.email, ttlSeconds: context.mail.verifyTtlSeconds })
}

/**
 * `POST /auth/email/verify/send`: a new verification mail, counted against the IP and the address.
 * @throws AppError('already_verified'); TooManyAttemptsError.
 */
export async function resendVerification(context: MailFlowContext, userId: string, ip: string): Promise<void> {
  const user = await context.users.findById(userId)
  if (!user) throw new AppError('invalid_token')
  if (user.emailVerified) throw new AppError('already_verified')
  await context.hitMailLimit(`ip:${ip}`)
  await context.hitMailLimit(`email:${user.email}`)
  await sendVerification(context, user)
}

/**
 * `POST /auth/email/verify`: marks the address verified, only while the user still has the address the link was
 * mailed to. Sessions stay; their next refresh carries `email_verified: true`.
 * @throws AppError('invalid_email_token') for an unknown, used, expired or superseded token, or a changed address.
 */
export async function verifyEmail(context: MailFlowContext, token: string): Promise<void> {
  const found = await consumeToken(context, 'verify_email', token)
  if (!found) throw new AppError('invalid_email_token')
  const { user } = found
  await withUserChange(context, { userId: user.id, endSessions: false }, async () => {
    const updated = await context.users.markEmailVerified(user.id, user.email, new Date(context.now()))
    if (!updated) throw new AppError('invalid_email_token')
    return updated
  })
}
