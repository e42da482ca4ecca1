import { AppError } from '@authpair/errors'
import { ADMIN_ROLE } from './ensure-admin.js'
import type { IssuerContext, UserChanges, UserPage, UserRecord } from './ports.js'
import { withUserChange } from './user-change.js'

/** Who is asking: the verified token's user and roles. */
export interface Actor {
  userId: string
  roles: readonly string[]
}

const isAdmin = (actor: Actor): boolean => actor.roles.includes(ADMIN_ROLE)

/**
 * One user: one's own record, or anyone's for an admin.
 * @throws AppError('forbidden') for someone else's id without the admin role (before looking it up);
 * @throws AppError('not_found') when there is no such user.
 */
export async function getUser(context: Pick<IssuerContext, 'users'>, actor: Actor, id: string): Promise<UserRecord> {
  if (id !== actor.userId && !isAdmin(actor)) throw new AppError('forbidden', 'You may only read your own account.')
  const user = await context.users.findById(id)
  if (!user) throw new AppError('not_found', 'No such user.')
  return user
}

/** A page of users, in creation order. */
export async function listUsers(context: Pick<IssuerContext, 'users'>, page: number, perPage: number): Promise<UserPage> {
  return context.users.list(page, perPage)
}

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role))
}

export interface UserUpdate {
  user: UserRecord
  /** True when the change ended the user's sessions. */
  sessionsEnded: boolean
}

/**
 * Changes a user's roles or disabled flag. Disabling a user, or changing their roles, ends all their sessions at
 * once, so no token outlives the change (a demoted admin's token is refused on its next request).
 * @throws AppError('forbidden') when admins would disable themselves or drop their own admin role;
 * @throws AppError('not_found') when there is no such user.
 */
export async function updateUser(context: IssuerContext, actor: Actor, id: string, changes: UserChanges): Promise<UserUpdate> {
  const selfLockout = changes.disabled === true || (changes.roles !== undefined && !changes.roles.includes(ADMIN_ROLE))
  if (id === actor.userId && selfLockout) {
    throw new AppError('forbidden', 'You may not disable your own account or drop your own admin role.')
  }
  const user = await context.users.findById(id)
  if (!user) throw new AppError('not_found', 'No such user.')
  const write = async () => {
    const updated = await context.users.update(id, changes, new Date(context.now()))
    if (!updated) throw new AppError('not_found', 'No such user.')
    return updated
  }
  const endSessions = changes.disabled === true || (changes.roles !== undefined && !sameRoles(changes.roles, user.roles))
  const updated = await withUserChange(context, { userId: id, endSessions }, write)
  return { user: updated, sessionsEnded: endSessions }
}
