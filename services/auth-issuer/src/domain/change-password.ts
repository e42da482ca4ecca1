import { AppError } from '@authpair/errors'
import { settleAttempt } from './login-throttle.js'
import type { IssuerContext, UserRecord } from './ports.js'
import { withUserChange } from './user-change.js'

export interface PasswordChange {
  userId: string
  /** The session making the change; it stays open. */
  sessionId: string
  currentPassword: string
  newPassword: string
}

/**
 * Changes a password and ends every other session of the user. The check of the current password is throttled
 * like a login, against the account's budget and the session's own (issue 11: a stolen access token must not
 * guess the password around the login limit).
 * @throws AppError('invalid_credentials') when the current password is wrong (or the user is gone);
 * @throws TooManyAttemptsError when the account or the session has had its failures.
 */
export async function changePassword(context: IssuerContext, change: PasswordChange): Promise<void> {
  const user = await checkCurrentPassword(context, change.userId, change.sessionId, change.currentPassword)
  const hash = await context.passwords.hash(change.newPassword)
  await withUserChange(context, { userId: user.id, endSessions: true, keepSessionId: change.sessionId }, async () => {
    const updated = await context.users.setPasswordHash(user.id, hash, new Date(context.now()))
    if (!updated) throw new AppError('invalid_credentials', 'The current password is wrong.')
    return updated
  })
}

/**
 * Checks the current password of a signed-in user, throttled like a login against the account's budget and the
 * session's own (issue 11); the password change and the email change (issue 14) both need it.
 * @throws AppError('invalid_credentials'); TooManyAttemptsError.
 */
export async function checkCurrentPassword(context: IssuerContext, userId: string, sessionId: string, password: string): Promise<UserRecord> {
  const found = await context.users.findById(userId)
  if (!found) throw new AppError('invalid_credentials', 'The current password is wrong.')
  const attempt = await context.loginThrottle.reservePasswordCheck(found.email, sessionId)
  const user = await settleAttempt(attempt, async () => ((await context.passwords.verify(password, found.passwordHash)) ? found : undefined))
  if (!user) throw new AppError('invalid_credentials', 'The current password is wrong.')
  return user
}
