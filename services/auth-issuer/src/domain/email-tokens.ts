import { createHash, randomBytes } from 'node:crypto'

/** What a mailed token is for. */
export type EmailTokenKind = 'verify_email' | 'reset_password' | 'change_email'

/** A token as stored: only its SHA-256, and the address it was issued for (a changed address kills it). */
export interface EmailTokenRecord {
  hash: string
  kind: EmailTokenKind
  userId: string
  /** The user's email when the token was issued. */
  email: string
  /** For `change_email`: the address to change to. */
  newEmail?: string
  /** For `change_email`: the session that asked; it survives the change. */
  sessionId?: string
  expiresAt: Date
}

/**
 * Where mailed tokens live. `issue` replaces every token of the same kind of the user (a newer link kills the
 * older); `consume` is one atomic find-and-delete, so one token is used at most once however many race; expired
 * tokens are never consumed and the store drops them on its own (a TTL index).
 */
export interface EmailTokenStore {
  issue(token: EmailTokenRecord): Promise<void>
  consume(kind: EmailTokenKind, hash: string, now: Date): Promise<EmailTokenRecord | undefined>
  revokeForUser(kind: EmailTokenKind, userId: string): Promise<void>
}

/** A new token: 32 random bytes (256 bits), base64url (43 characters). */
export function createEmailToken(): string {
  return randomBytes(32).toString('base64url')
}

/** What is stored for a token: its SHA-256, base64url. */
export function hashEmailToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}
