/**
 * The Redis key layout shared by the issuer (which writes sessions) and every verifier (which reads them): pure
 * functions, no client. All keys carry a prefix so several deployments or test runs can share one Redis.
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
  /**
   * The marker an issuer writes under its prefix (value KEY_LAYOUT_VERSION): a verifier that cannot find it is
   * looking under the wrong prefix or at the wrong Redis, which must not look like every session having ended.
   */
  readonly layout: string
}

/** The version of this key layout, the value of the `layout` marker. */
export const KEY_LAYOUT_VERSION = '1'

/** The issuer's default REDIS_KEY_PREFIX. */
export const DEFAULT_KEY_PREFIX = 'authpair:'

/** The field of a session's hash that holds its user id (written at login): a session is live only for that user. */
export const SESSION_USER_FIELD = 'uid'

/** The key layout under `prefix`. */
export function sessionKeys(prefix: string = DEFAULT_KEY_PREFIX): SessionKeys {
  const sessionPrefix = `${prefix}sess:`
  return {
    session: (sessionId) => `${sessionPrefix}${sessionId}`,
    retired: (sessionId) => `${sessionPrefix}${sessionId}:retired`,
    userSessions: (userId) => `${prefix}user:${userId}:sessions`,
    sessionPrefix,
    layout: `${prefix}layout`,
  }
}
