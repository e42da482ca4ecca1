import { createHash, randomBytes } from 'node:crypto'

/** A session id: 128 random bits, URL-safe. */
export function createSessionId(): string {
  return randomBytes(16).toString('base64url')
}

const SESSION_ID = /^[A-Za-z0-9_-]{22}$/
const SECRET = /^[A-Za-z0-9_-]{43}$/

/**
 * A refresh token: `<session id>.<256 random bits>`. The session id lets the store find the session in one
 * read; the secret is what proves possession, and only its hash is stored.
 */
export function createRefreshToken(sessionId: string): string {
  return `${sessionId}.${randomBytes(32).toString('base64url')}`
}

/** The session id a well-formed refresh token names, or `undefined` for anything else. */
export function sessionIdOfRefreshToken(token: string): string | undefined {
  const dot = token.indexOf('.')
  if (dot !== 22 || token.length !== 66) return undefined
  const sessionId = token.slice(0, dot)
  return SESSION_ID.test(sessionId) && SECRET.test(token.slice(dot + 1)) ? sessionId : undefined
}

/**
 * What the store keeps of a refresh token. A fast hash is enough: the token carries 256 random bits,
 * so there is nothing to guess offline.
 */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url')
}
