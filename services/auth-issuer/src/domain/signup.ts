import { AppError } from '@authpair/errors'
import { normalizeEmail } from './email.js'
import type { IssuerContext, UserRecord } from './ports.js'

export interface SignupInput {
  email: string
  password: string
  name?: string
  firstName?: string
  lastName?: string
  phone?: string
}

/** Every new account gets exactly these roles; a client never chooses its own. */
export const DEFAULT_ROLES: readonly string[] = ['user']

function displayName(input: SignupInput, email: string): string {
  const full = [input.firstName, input.lastName].filter(Boolean).join(' ')
  return input.name ?? (full || email.slice(0, email.indexOf('@')))
}

/**
 * Creates an account.
 * @throws AppError('email_taken') when the (normalized) email has an account.
 */
export async function signup(context: Pick<IssuerContext, 'users' | 'passwords' | 'now'>, input: SignupInput, roles = DEFAULT_ROLES): Promise<UserRecord> {
  const email = normalizeEmail(input.email)
  if (await context.users.findByEmail(email)) throw new AppError('email_taken')
  const now = new Date(context.now())
  return context.users.insert({
    email,
    passwordHash: await context.passwords.hash(input.password),
    name: displayName(input, email),
    ...(input.firstName !== undefined && { firstName: input.firstName }),
    ...(input.lastName !== undefined && { lastName: input.lastName }),
    ...(input.phone !== undefined && { phone: input.phone }),
    roles: [...roles],
    disabled: false,
    emailVerified: false,
    createdAt: now,
    updatedAt: now,
    version: 0,
  })
}
