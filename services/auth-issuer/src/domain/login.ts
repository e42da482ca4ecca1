import { AppError } from '@authpair/errors'
import { isAcceptablePassword } from '@authpair/contract'
import { normalizeEmail } from './email.js'
import { openSession, type IssuedTokens } from './issue-session.js'
import { settleAttempt } from './login-throttle.js'
import type { ClientInfo, IssuerContext } from './ports.js'

export interface Credentials {
  email: string
  password: string
}

/**
 * Checks a password and opens a session. An unknown email costs one bcrypt verification, like a wrong password,
 * and gets the same error, so neither time nor answer tells whether an account exists.
 * The attempt is reserved per account and per IP before any work, and settled by the check (see LoginThrottle).
 * @throws TooManyAttemptsError when the account or the IP is at its limit;
 * @throws AppError('invalid_credentials') for an unknown email or a wrong password;
 * @throws AppError('account_disabled') for a disabled account (only once the password was right);
 * @throws AppError('email_not_verified') under REQUIRE_VERIFIED_EMAIL, likewise (issue 14).
 */
export async function login(context: IssuerContext, credentials: Credentials, client: ClientInfo): Promise<IssuedTokens> {
  const email = normalizeEmail(credentials.email)
  const attempt = await context.loginThrottle.reserve(email, client.ip)
  const user = await settleAttempt(attempt, async () => {
    const user = await context.users.findByEmail(email)
    // bcrypt reads only the first 72 bytes: a longer password could match a stored one it is not.
    const candidate = isAcceptablePassword(credentials.password) && user !== undefined
    const matches = candidate
      ? await context.passwords.verify(credentials.password, user.passwordHash)
      : await context.passwords.verifyNothing(credentials.password)
    return matches ? user : undefined
  })
  if (!user) throw new AppError('invalid_credentials')
  if (user.disabled) throw new AppError('account_disabled')
  if (context.settings.requireVerifiedEmail === true && !user.emailVerified) throw new AppError('email_not_verified')
  return openSession(context, user, client)
}
