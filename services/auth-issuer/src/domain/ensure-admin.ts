import { AppError } from '@authpair/errors'
import { normalizeEmail } from './email.js'
import type { IssuerContext } from './ports.js'
import { DEFAULT_ROLES, signup } from './signup.js'

export const ADMIN_ROLE = 'admin'

/**
 * Makes sure the bootstrap admin exists with role `admin` (ADMIN_EMAIL / ADMIN_PASSWORD). The password is used only
 * when the account is created; an existing account keeps its own. Safe when several issuers start at once.
 */
export async function ensureAdmin(context: Pick<IssuerContext, 'users' | 'passwords' | 'now'>, email: string, password: string): Promise<void> {
  const normalized = normalizeEmail(email)
  try {
    await signup(context, { email: normalized, password }, [...DEFAULT_ROLES, ADMIN_ROLE])
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'email_taken')) throw error
    await context.users.addRole(normalized, ADMIN_ROLE, new Date(context.now()))
  }
}
