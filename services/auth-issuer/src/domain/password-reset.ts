import { AppError } from '@authpair/errors'
import { normalizeEmail } from './email.js'
import { consumeToken, mailToken, type MailFlowContext } from './mail-flows.js'
import { withUserChange } from './user-change.js'

/**
 * The limits of `POST /auth/password/forgot`, counted for every request alike, before it is answered.
 * @throws TooManyAttemptsError.
 */
export async function limitForgotPassword(context: MailFlowContext, email: string, ip: string): Promise<void> {
  await context.hitMailLimit(`ip:${ip}`)
  await context.hitMailLimit(`email:${normalizeEmail(email)}`)
}

/**
 * The work of `POST /auth/password/forgot`, done after the answer (which is the same for every address): a reset
 * mail for an active account, nothing for an unknown or disabled one.
 */
export async function forgotPassword(context: MailFlowContext, email: string): Promise<void> {
  const user = await context.users.findByEmail(normalizeEmail(email))
  if (!user || user.disabled) return
  await mailToken(context, { kind: 'reset_password', user, to: user.email, ttlSeconds: context.mail.resetTtlSeconds })
}

/**
 * `POST /auth/password/reset`: sets the password, ends every session of the user, kills every other reset token
 * and clears the account's login lockout. One token sets one password, however many requests race with it.
 * @throws AppError('invalid_reset_token').
 */
export async function resetPassword(context: MailFlowContext, token: string, newPassword: string): Promise<void> {
  const found = await consumeToken(context, 'reset_password', token)
  if (!found) throw new AppError('invalid_reset_token')
  const { user } = found
  const hash = await context.passwords.hash(newPassword)
  await withUserChange(context, { userId: user.id, endSessions: true }, async () => {
    const updated = await context.users.setPasswordHash(user.id, hash, new Date(context.now()))
    if (!updated) throw new AppError('invalid_reset_token')
    return updated
  })
  await context.tokens.revokeForUser('reset_password', user.id)
  await context.loginThrottle.clearAccount(user.email)
}
