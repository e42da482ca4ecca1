/**
 * The Redis key layout shared by the issuer (which writes sessions) and every verifier (which reads them): pure
 * functions, no client. All keys carry a prefix so several deployments or test runs can share one Redis.
 *
 * Layout 2 (issue 15): every key of a user carries the hash tag `{<user id>}`, so all of a user's keys share one
 * Redis Cluster hash slot and every multi-key script stays on one node. A verifier computes the liveness marker's
 * key from the token's `sub` and `sid` alone. The marker changes only when a session starts or ends; the state that
 * rotates on every refresh lives in the user's hash, so a refresh sends tracked verifiers nothing.
 */
export interface SessionKeys {
  /** The liveness marker of one session (value: its user id); it exists exactly as long as the session lives. */
  live(userId: string, sessionId: string): string
  /** The part of `live(...)` after `livePrefix`: what a tracked verifier remembers and Redis invalidates. */
  liveSuffix(userId: string, sessionId: string): string
  /**
   * Hash of a user's sessions: session id -> its refresh state (rotates on every refresh, and remembers retired
   * tokens; may hold sessions that have since ended). The issuer's, no verifier reads it.
   */
  userSessions(userId: string): string
  /** The prefix every liveness marker starts with: what tracked verifiers track. */
  readonly livePrefix: string
  /**
   * The marker an issuer writes under its prefix (value KEY_LAYOUT_VERSION): a verifier that cannot find it is
   * looking under the wrong prefix or at the wrong Redis, which must not look like every session having ended.
   */
  readonly layout: string
}

/** The version of this key layout, the value of the `layout` marker. */
export const KEY_LAYOUT_VERSION = '2'

/** The issuer's default REDIS_KEY_PREFIX. */
export const DEFAULT_KEY_PREFIX = 'authpair:'

/** The hash tag that puts every key of a user in one Cluster slot. */
function tag(userId: string): string {
  return `{${userId}}`
}

/**
 * The user and session a `liveSuffix` names, or `undefined` for text that is not one. A session id never holds `}:`
 * (the issuer makes UUIDs), so the last one ends the tag.
 */
export function parseLiveSuffix(suffix: string): { userId: string; sessionId: string } | undefined {
  const end = suffix.lastIndexOf('}:')
  if (!suffix.startsWith('{') || end < 1) return undefined
  return { userId: suffix.slice(1, end), sessionId: suffix.slice(end + 2) }
}

/** The key layout under `prefix`. */
export function sessionKeys(prefix: string = DEFAULT_KEY_PREFIX): SessionKeys {
  const livePrefix = `${prefix}live:`
  const liveSuffix = (userId: string, sessionId: string): string => `${tag(userId)}:${sessionId}`
  return {
    live: (userId, sessionId) => `${livePrefix}${liveSuffix(userId, sessionId)}`,
    liveSuffix,
    userSessions: (userId) => `${prefix}user:${tag(userId)}:sessions`,
    livePrefix,
    layout: `${prefix}layout`,
  }
}
