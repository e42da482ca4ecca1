/** What a session remembers. Times are milliseconds since the epoch. */
export interface SessionRecord {
  id: string
  userId: string
  createdAt: number
  lastUsedAt: number
  /** The end of the refresh lifetime, counted from login; the session is gone after it. */
  expiresAt: number
  userAgent: string
  ip: string
  /**
   * The `version` of the user document the session last saw: refreshes may reuse that user from memory while this
   * matches (an entry for one version never changes). Absent for sessions made before versions existed, and while
   * a change of the user is being written.
   */
  userVersion?: number
}

export interface NewSession extends SessionRecord {
  /** `hashRefreshToken` of the first refresh token. */
  refreshTokenHash: string
}

/** The successor a rotation offers; the store keeps only its hash and its sealed form. */
export interface Successor {
  hash: string
  /** `sealSuccessor(presented, token)`: handed back within the grace period. */
  sealed: string
}

export type RotationResult =
  /** The presented token was current: the successor is now current and the presented one retired. */
  | { outcome: 'rotated'; session: SessionRecord }
  /** The presented token was retired by a rotation less than the grace period ago: here is that rotation's successor. */
  | { outcome: 'grace'; session: SessionRecord; sealedSuccessor: string }
  /** The presented token was retired earlier: the whole session has just been revoked (reuse detection). */
  | { outcome: 'reused'; userId: string }
  /** No such session, or a token it never issued. Nothing changed. */
  | { outcome: 'unknown' }

/**
 * Where sessions live. Every key of a session is found from its user id and session id (Redis key layout 2, issue
 * 15: one Cluster slot per user), so every method that names a session names its user too. Every method is atomic on its own; no caller needs a transaction across calls.
 * A session exists until `expiresAt` (a store-side TTL), `revoke`, `revokeForUser`, or reuse detection.
 */
export interface SessionStore {
  /**
   * Stores a new session with its first refresh token hash, expiring at `expiresAt`. With `maxPerUser`, the user's
   * oldest sessions end in the same atomic step so that at most that many live; returns how many ended.
   */
  create(session: NewSession, maxPerUser?: number): Promise<number>
  /**
   * Rotates the refresh token whose hash is `presentedHash` (one atomic step): see `RotationResult`.
   * Concurrent calls with one token see exactly one `rotated`; the rest get `grace` with the same successor.
   */
  rotate(userId: string, sessionId: string, presentedHash: string, successor: Successor, now: number, graceMs: number): Promise<RotationResult>
  /** The user's session, or `undefined` when it no longer lives (or is not the user's). */
  get(userId: string, sessionId: string): Promise<SessionRecord | undefined>
  /** True when the refresh token hash is the session's current or one of its retired tokens. */
  issuedRefreshToken(userId: string, sessionId: string, tokenHash: string): Promise<boolean>
  /** The user's live sessions, oldest first. */
  listForUser(userId: string): Promise<SessionRecord[]>
  /** Ends one session; true when it was live. */
  revoke(sessionId: string, userId: string): Promise<boolean>
  /** Ends every session of the user at once, but `exceptSessionId`; returns how many ended. */
  revokeForUser(userId: string, exceptSessionId?: string): Promise<number>
  /** Drops the user version of every session of the user (before a change of the user is written). */
  forgetUserVersion(userId: string): Promise<void>
  /** Records `version` on every live session of the user, never lowering one (after the change is written). */
  setUserVersion(userId: string, version: number): Promise<void>
  /** True while the session lives and is `userId`'s: what every verifier asks on every request (issue 11). */
  isLive(sessionId: string, userId: string): Promise<boolean>
}
