import type { IssuerContext, UserRecord } from './ports.js'

export interface UserChange {
  userId: string
  /** True for changes that must end the user's sessions (a new password, a disabled account, other roles). */
  endSessions: boolean
  /** With `endSessions`, the session making the change, which stays open. */
  keepSessionId?: string
}

/**
 * Writes a change of a user so that no session goes on with what the change replaced (issue 11).
 * - Sessions to end are revoked before the write and again after it. Before: a Redis that cannot answer stops the
 *   change (503) while nothing has changed yet. After: a session opened by a login that raced the write, under the
 *   old state, does not survive it.
 * - The sessions that stay forget their user version before the write, so their refreshes read MongoDB, and learn
 *   the new version after it; the version only ever rises, so changes that finish out of order leave the newest.
 * A login racing the write checks the version it signed against MongoDB once its session exists (openSession).
 * @returns what `write` returned: the user after the change.
 */
export async function withUserChange(
  context: Pick<IssuerContext, 'sessions'>,
  change: UserChange,
  write: () => Promise<UserRecord>,
): Promise<UserRecord> {
  const { userId, endSessions, keepSessionId } = change
  if (endSessions) await context.sessions.revokeForUser(userId, keepSessionId)
  await context.sessions.forgetUserVersion(userId)
  const user = await write()
  if (endSessions) await context.sessions.revokeForUser(userId, keepSessionId)
  await context.sessions.setUserVersion(userId, user.version)
  return user
}
