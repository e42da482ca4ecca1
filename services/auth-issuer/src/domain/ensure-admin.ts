import { AppError, StartupError } from '@authpair/errors'
import { normalizeEmail } from './email.js'
import type { IssuerContext } from './ports.js'
import { DEFAULT_ROLES, signup } from './signup.js'
import { withUserChange } from './user-change.js'

export const ADMIN_ROLE = 'admin'

type Context = Pick<IssuerContext, 'users' | 'passwords' | 'sessions' | 'now'>

/**
 * Makes sure the bootstrap admin exists with role `admin` (ADMIN_EMAIL / ADMIN_PASSWORD). Safe when several issuers
 * start at once. An account that exists without the role gets it only when ADMIN_PASSWORD is its password: otherwise
 * whoever signed up with that email first would become admin (issue 11). An admin keeps its own password.
 * @returns what it did, for the start-up log.
 * @throws StartupError naming ADMIN_EMAIL when the account exists and ADMIN_PASSWORD is not its password.
 */
export async function ensureAdmin(context: Context, email: string, password: string): Promise<'created' | 'promoted' | 'present'> {
  const normalized = normalizeEmail(email)
  try {
    await signup(context, { email: normalized, password }, [...DEFAULT_ROLES, ADMIN_ROLE])
    return 'created'
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'email_taken')) throw error
  }
  const user = await context.users.findByEmail(normalized)
  if (!user) throw new StartupError(`ADMIN_EMAIL=${normalized}: the account was created and removed while starting; start again.`)
  if (user.roles.includes(ADMIN_ROLE)) return 'present'
  if (!(await context.passwords.verify(password, user.passwordHash))) {
    throw new StartupError(
      `ADMIN_EMAIL=${normalized} names an existing account that is not an admin, and ADMIN_PASSWORD is not its password, ` +
        'so it is not made admin (anyone could have signed up with that email first). Set ADMIN_PASSWORD to that ' +
        "account's password to promote it, or choose another ADMIN_EMAIL.",
    )
  }
  await withUserChange(context, { userId: user.id, endSessions: true }, async () => {
    const promoted = await context.users.addRole(user.id, ADMIN_ROLE, new Date(context.now()))
    if (!promoted) throw new StartupError(`ADMIN_EMAIL=${normalized}: the account was removed while starting; start again.`)
    return promoted
  })
  return 'promoted'
}
