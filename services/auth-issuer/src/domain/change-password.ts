import { AppError } from '@authpair/errors'
import type { IssuerContext } from './ports.js'
import { withUserChange } from './user-change.js'

export interface PasswordChange {
  userId: string
  /** The session making the change; it stays open. */
  sessionId: string
  currentPassword: string
  newPassword: string
}

/**
 * Changes a password and ends every other session of the user.
 * @throws AppError('invalid_credentials') when the current password is wrong.
 */
export async function changePassword(context: IssuerContext, change: PasswordChange): Promise<void> {
  const user = await context.users.findById(change.userId)
  if (!user || !(await context.passwords.verify(change.currentPassword, user.passwordHash))) {
    throw new AppError('invalid_credentials', 'The current password is wrong.')
  }
  const hash = await context.passwords.hash(change.newPassword)
  await withUserChange(context, { userId: user.id, endSessions: true, keepSessionId: change.sessionId }, async () => {
    const updated = await context.users.setPasswordHash(user.id, hash, new Date(context.now()))
    if (!updated) throw new AppError('invalid_credentials', 'The current password is wrong.')
    return updated
  })
}
