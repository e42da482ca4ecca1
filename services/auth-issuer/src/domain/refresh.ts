import { AppError } from '@authpair/errors'
import {
  createRefreshToken,
  hashRefreshToken,
  openSuccessor,
  sealSuccessor,
  sessionOfRefreshToken,
} from '@authpair/sessions'
import { issueTokens, type IssuedTokens } from './issue-session.js'
import type { IssuerContext } from './ports.js'

/** Told when a retired refresh token came back and its session was revoked (a likely theft). */
export type ReuseListener = (event: { userId: string; sessionId: string }) => void

const invalid = (): AppError => new AppError('invalid_refresh_token')

/**
 * Exchanges a refresh token for new tokens, rotating it (OAuth 2.0 Security BCP, section 4.14): the presented
 * token is retired and a new one takes its place. Within the grace period a just-retired token gets that same
 * successor again (two tabs refreshing at once); after it, a retired token revokes the whole session.
 * @throws AppError('invalid_refresh_token') for unknown, expired, reused or malformed tokens.
 */
export async function refresh(context: IssuerContext, presented: string, onReuse?: ReuseListener): Promise<IssuedTokens> {
  const named = sessionOfRefreshToken(presented)
  if (!named) throw invalid()
  const { userId, sessionId } = named
  const successor = createRefreshToken(userId, sessionId)
  const result = await context.sessions.rotate(
    userId,
    sessionId,
    hashRefreshToken(presented),
    { hash: hashRefreshToken(successor), sealed: sealSuccessor(presented, successor) },
    context.now(),
    context.settings.reuseGraceMs,
  )
  if (result.outcome === 'reused') {
    onReuse?.({ userId: result.userId, sessionId })
    throw invalid()
  }
  if (result.outcome === 'unknown') throw invalid()
  const token = result.outcome === 'rotated' ? successor : openSuccessor(presented, result.sealedSuccessor)
  if (!token) throw invalid()
  // Signed from the user as MongoDB holds it (or its remembered copy of the session's version), never from a copy
  // a change may have outdated (issue 11).
  const user = await context.sessionUsers.find(result.session.userId, result.session.userVersion)
  if (!user || user.disabled) {
    await context.sessions.revoke(sessionId, result.session.userId)
    throw invalid()
  }
  return issueTokens(context, result.session, user, token)
}
