import { AppError, UnavailableError } from '@authpair/errors'
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
    { userId: user.id, sessionId: session.id, email: user.email, emailVerified: user.emailVerified, roles: user.roles },
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

// A user changed this many times during one login is being changed on purpose; the client may try again.
const MAX_OPEN_ATTEMPTS = 3

/**
 * Opens a new session for the user (a login) and issues its first tokens. The user was read before the password
 * check; a change written meanwhile (a demotion, a disabled account) may have revoked the user's sessions before
 * this one existed. So once the session exists, the user is read again: the same version means any later change
 * will find this session; another version ends it and, unless the password or the account changed under it,
 * opens one for the user as it is now.
 * @throws AppError('invalid_credentials') when the password changed meanwhile; AppError('account_disabled').
 */
export async function openSession(context: IssuerContext, user: UserRecord, client: ClientInfo): Promise<IssuedTokens> {
  let current = user
  for (let attempt = 1; attempt <= MAX_OPEN_ATTEMPTS; attempt++) {
    const { session, refreshToken } = await createSession(context, current, client)
    const stored = await context.users.findById(current.id)
    if (stored?.version === current.version) return issueTokens(context, session, current, refreshToken)
    await context.sessions.revoke(session.id, current.id)
    if (!stored || stored.passwordHash !== current.passwordHash) throw new AppError('invalid_credentials')
    if (stored.disabled) throw new AppError('account_disabled')
    current = stored
  }
  throw new UnavailableError('mongodb')
}

async function createSession(context: IssuerContext, user: UserRecord, client: ClientInfo) {
  const now = context.now()
  const id = createSessionId()
  const refreshToken = createRefreshToken(user.id, id)
  const session: SessionRecord = {
    id,
    userId: user.id,
    createdAt: now,
    lastUsedAt: now,
    expiresAt: now + context.settings.refreshTokenTtl * 1000,
    userAgent: client.userAgent,
    ip: client.ip,
    userVersion: user.version,
  }
  await context.sessions.create({ ...session, refreshTokenHash: hashRefreshToken(refreshToken) }, context.settings.maxSessionsPerUser)
  return { session, refreshToken }
}
