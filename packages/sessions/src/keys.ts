/**
 * The Redis key layout shared by the issuer (which writes sessions) and every verifier (which reads them).
 * All keys carry a prefix so several deployments or test runs can share one Redis.
 */
export interface SessionKeys {
  /** Hash of one session; it exists exactly as long as the session lives. */
  session(sessionId: string): string
  /** Set of the hashes of a session's retired refresh tokens, for reuse detection. */
  retired(sessionId: string): string
  /** Set of a user's session ids (may hold ids of sessions that have since expired). */
  userSessions(userId: string): string
  /** The prefix every session key starts with. */
  readonly sessionPrefix: string
}

export const DEFAULT_KEY_PREFIX = 'authpair:'

/** The key layout under `prefix`. */
export function sessionKeys(prefix: string = DEFAULT_KEY_PREFIX): SessionKeys {
  const sessionPrefix = `${prefix}sess:`
  return {
    session: (sessionId) => `${sessionPrefix}${sessionId}`,
    retired: (sessionId) => `${sessionPrefix}${sessionId}:retired`,
    userSessions: (userId) => `${prefix}user:${userId}:sessions`,
    sessionPrefix,
  }
}
