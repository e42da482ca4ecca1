import { createHash, randomBytes } from 'node:crypto'

/** A session id: 128 random bits, URL-safe. */
export function createSessionId(): string {
  return randomBytes(16).toString('base64url')
}

/** Which session a refresh token belongs to: with key layout 2, a session's keys are found from both ids. */
export interface RefreshTokenSession {
  userId: string
  sessionId: string
}

const SEPARATOR = '~'
const SESSION_ID = /^[A-Za-z0-9_-]{22}$/
const SECRET = /^[A-Za-z0-9_-]{43}$/
/** A user id of at most 128 bytes, base64url (the issuer's are 24 hex characters). */
const USER = /^[A-Za-z0-9_-]{1,171}$/

/**
 * A refresh token: `<user id, base64url>~<session id>~<256 random bits>`. The ids let the store find the session in
 * one read (every key of a session carries its user's hash tag, issue 15); the secret is what proves possession,
 * and only its hash is stored. `~` (URL- and cookie-safe, outside base64url) rather than `.`: three dotted parts
 * would look like a JWT, which the contract says a refresh token never is.
 */
export function createRefreshToken(userId: string, sessionId: string): string {
  return [Buffer.from(userId, 'utf8').toString('base64url'), sessionId, randomBytes(32).toString('base64url')].join(SEPARATOR)
}

/** The user and session a well-formed refresh token names, or `undefined` for anything else. */
export function sessionOfRefreshToken(token: string): RefreshTokenSession | undefined {
  const parts = token.split(SEPARATOR)
  if (parts.length !== 3) return undefined
  const [user = '', sessionId = '', secret = ''] = parts
  if (!USER.test(user) || !SESSION_ID.test(sessionId) || !SECRET.test(secret)) return undefined
  const userId = Buffer.from(user, 'base64url').toString('utf8')
  // Only the one spelling the issuer writes: no two token strings name the same user.
  if (Buffer.from(userId, 'utf8').toString('base64url') !== user) return undefined
  return { userId, sessionId }
}

/** The random part of a refresh token (what proves possession). */
export function secretOfRefreshToken(token: string): string {
  return token.slice(token.lastIndexOf(SEPARATOR) + 1)
}

/** The refresh token of the same user and session as `token`, with `secret` as its random part. */
export function withRefreshSecret(token: string, secret: string): string {
  return `${token.slice(0, token.lastIndexOf(SEPARATOR))}${SEPARATOR}${secret}`
}

/**
 * What the store keeps of a refresh token. A fast hash is enough: the token carries 256 random bits,
 * so there is nothing to guess offline.
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}
