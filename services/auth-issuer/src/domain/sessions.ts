import { AppError } from '@authpair/errors'
import { hashRefreshToken, sessionOfRefreshToken, type SessionRecord } from '@authpair/sessions'
import type { IssuerContext } from './ports.js'

type Sessions = Pick<IssuerContext, 'sessions'>

/** Ends the session a valid access token names. Already ended is fine: logout is idempotent. */
export async function logoutSession(context: Sessions, sessionId: string, userId: string): Promise<void> {
  await context.sessions.revoke(sessionId, userId)
}

/**
 * Ends the session a refresh token belongs to, when the token is one that session issued (current or retired).
 * @returns false when the token names no live session or was never issued by it.
 */
export async function logoutWithRefreshToken(context: Sessions, refreshToken: string): Promise<boolean> {
  const named = sessionOfRefreshToken(refreshToken)
  if (!named) return false
  const { userId, sessionId } = named
  if (!(await context.sessions.issuedRefreshToken(userId, sessionId, hashRefreshToken(refreshToken)))) return false
  await context.sessions.revoke(sessionId, userId)
  return true
}

/** Ends every session of the user at once. */
export async function logoutEverywhere(context: Sessions, userId: string): Promise<number> {
  return context.sessions.revokeForUser(userId)
}

/** A page of the user's live sessions, oldest first, and how many there are. */
export async function listSessions(
  context: Sessions,
  userId: string,
  page: number,
  perPage: number,
): Promise<{ total: number; sessions: SessionRecord[] }> {
  // A user has at most MAX_SESSIONS_PER_USER sessions, so reading them all to cut a page stays small.
  const all = await context.sessions.listForUser(userId)
  return { total: all.length, sessions: all.slice((page - 1) * perPage, page * perPage) }
}

/**
 * Ends one of the user's own sessions.
 * @throws AppError('not_found') for a session that is gone or belongs to someone else (the same answer for both).
 */
export async function deleteOwnSession(context: Sessions, userId: string, sessionId: string): Promise<void> {
  const session = await context.sessions.get(userId, sessionId)
  if (!session) throw new AppError('not_found', 'No such session.')
  await context.sessions.revoke(sessionId, userId)
}
