import { AppError } from '@authpair/errors'
import { renderMail } from '../mail/templates.js'
import { checkCurrentPassword } from './change-password.js'
import { normalizeEmail } from './email.js'
import { consumeToken, mailToken, type MailFlowContext } from './mail-flows.js'
import { withUserChange } from './user-change.js'

export interface EmailChangeRequest {
  userId: string
  sessionId: string
  ip: string
  newEmail: string
  currentPassword: string
}

/**
 * `POST /auth/email/change`: after the current password (a counted guess, as for a password change), a
 * confirmation link to the new address and a notice to the old one. Nothing changes until the link is used.
 * @throws AppError('invalid_credentials'); AppError('email_taken'); TooManyAttemptsError.
 */
export async function requestEmailChange(context: MailFlowContext, request: EmailChangeRequest): Promise<void> {
  const newEmail = normalizeEmail(request.newEmail)
  await context.hitMailLimit(`ip:${request.ip}`)
  await context.hitMailLimit(`email:${newEmail}`)
  const user = await checkCurrentPassword(context, request.userId, request.sessionId, request.currentPassword)
  if (newEmail === user.email || (await context.users.findByEmail(newEmail))) throw new AppError('email_taken')
  await mailToken(context, { kind: 'change_email', user, to: newEmail, ttlSeconds: context.mail.verifyTtlSeconds, sessionId: request.sessionId })
  await context.sendMail({ to: user.email, ...renderMail('email_change_notice', { name: user.name, newEmail }) })
}

/**
 * `POST /auth/email/change/confirm`: the email becomes the new (verified) address, only while the user still has
 * the address the change was asked from; every session but the one that asked ends.
 * @throws AppError('invalid_email_token'); AppError('email_taken') when someone took the address meanwhile.
 */
export async function confirmEmailChange(context: MailFlowContext, token: string): Promise<void> {
  const found = await consumeToken(context, 'change_email', token)
  if (!found?.newEmail) throw new AppError('invalid_email_token')
  const { user, newEmail, sessionId } = found
  if (await context.users.findByEmail(newEmail)) throw new AppError('email_taken')
  await withUserChange(context, { userId: user.id, endSessions: true, ...(sessionId !== undefined && { keepSessionId: sessionId }) }, async () => {
    const updated = await context.users.changeEmail(user.id, user.email, newEmail, new Date(context.now()))
    if (!updated) throw new AppError('invalid_email_token')
    return updated
  })
  await context.tokens.revokeForUser('verify_email', user.id)
}
