import type { Session, TokenPair, User } from '@authpair/contract'
import type { SessionRecord } from '@authpair/sessions'
import type { IssuedTokens } from '../domain/issue-session.js'
import type { UserRecord } from '../domain/ports.js'

/** A user on the wire: never the password hash. */
export function presentUser(user: UserRecord): User {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    ...(user.firstName !== undefined && { first_name: user.firstName }),
    ...(user.lastName !== undefined && { last_name: user.lastName }),
    ...(user.phone !== undefined && { phone: user.phone }),
    roles: user.roles,
    disabled: user.disabled,
    email_verified: user.emailVerified,
    created_at: user.createdAt.toISOString(),
    updated_at: user.updatedAt.toISOString(),
  }
}

/** The login and refresh body. */
export function presentTokens(tokens: IssuedTokens): TokenPair {
  return {
    access_token: tokens.accessToken,
    token_type: 'Bearer',
    expires_in: tokens.expiresIn,
    refresh_token: tokens.refreshToken,
    refresh_expires_in: tokens.refreshExpiresIn,
    session_id: tokens.sessionId,
    user: presentUser(tokens.user),
  }
}

/** A session as its owner sees it. */
export function presentSession(session: SessionRecord, currentSessionId: string): Session {
  return {
    id: session.id,
    created_at: new Date(session.createdAt).toISOString(),
    last_used_at: new Date(session.lastUsedAt).toISOString(),
    user_agent: session.userAgent,
    ip: session.ip,
    current: session.id === currentSessionId,
  }
}
