import { createRefreshToken, createSessionId, hashRefreshToken, type SessionRecord } from '@authpair/sessions'
import type { ClientInfo, IssuerContext, UserRecord } from './ports.js'

/** What login and refresh hand out. */
export interface IssuedTokens {
  accessToken: string
  expiresIn: number
  refreshToken: string
  refreshExpiresIn: number
  sessionId: string
  user: UserRecord
}

/** Signs an access token for a session and pairs it with the session's refresh token. */
export async function issueTokens(
  context: IssuerContext,
  session: SessionRecord,
  user: UserRecord,
  refreshToken: string,
): Promise<IssuedTokens> {
  const now = context.now()
  const { token, expiresIn } = await context.signer.sign(
    { userId: user.id, sessionId: session.id, email: user.email, roles: user.roles },
    Math.floor(now / 1000),
  )
  return {
    accessToken: token,
    expiresIn,
    refreshToken,
    refreshExpiresIn: Math.max(0, Math.ceil((session.expiresAt - now) / 1000)),
    sessionId: session.id,
    user,
  }
}

/** Opens a new session for the user (a login) and issues its first tokens. */
export async function openSession(context: IssuerContext, user: UserRecord, client: ClientInfo): Promise<IssuedTokens> {
  const now = context.now()
  const id = createSessionId()
  const refreshToken = createRefreshToken(id)
  const session: SessionRecord = {
    id,
    userId: user.id,
    email: user.email,
    roles: user.roles,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: now + context.settings.refreshTokenTtl * 1000,
    userAgent: client.userAgent,
    ip: client.ip,
  }
  await context.sessions.create({ ...session, refreshTokenHash: hashRefreshToken(refreshToken) })
  return issueTokens(context, session, user, refreshToken)
}
