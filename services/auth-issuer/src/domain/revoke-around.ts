import type { IssuerContext } from './ports.js'

/**
 * Runs a write that must end a user's sessions (a new password, a disabled account), revoking them before and
 * after it. Before: a Redis that cannot answer stops the change (503) while nothing has changed yet. After: a
 * session opened by a login that raced the write, under the old state, does not survive it.
 */
export async function withSessionsRevoked<T>(
  context: Pick<IssuerContext, 'sessions'>,
  userId: string,
  keepSessionId: string | undefined,
  write: () => Promise<T>,
): Promise<T> {
  await context.sessions.revokeForUser(userId, keepSessionId)
  const result = await write()
  await context.sessions.revokeForUser(userId, keepSessionId)
  return result
}
