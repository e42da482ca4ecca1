import type { RedisClient } from '@authpair/verifier/redis'
import { sessionKeys, type SessionKeys } from '@authpair/verifier'
import { createRedisSessionLiveness, guardRedis, UnavailableError } from '@authpair/verifier/redis'
import {
  CREATE_SESSION,
  FORGET_USER_VERSION,
  ISSUED_REFRESH_TOKEN,
  REVOKE_USER_SESSIONS,
  ROTATE_REFRESH_TOKEN,
  SET_USER_VERSION,
  STALE,
} from './lua.js'
import { decodeState, digestOf, encodeState, sealOf } from './session-state.js'
import type { NewSession, SessionRecord, SessionStore, Successor } from './session-store.js'

type Argument = string | Buffer
type UserWideScript = 'createSession' | 'revokeUserSessions'

// Every script takes its number of keys first (user-wide scripts take one marker per session of the user).
interface SessionCommands {
  createSession(numberOfKeys: number, ...keysThenArgs: Argument[]): Promise<number>
  rotateRefreshToken(numberOfKeys: number, ...keysThenArgs: Argument[]): Promise<unknown>
  rotateRefreshTokenBuffer(numberOfKeys: number, ...keysThenArgs: Argument[]): Promise<(Buffer | null)[]>
  issuedRefreshToken(numberOfKeys: number, ...keysThenArgs: Argument[]): Promise<number>
  revokeUserSessions(numberOfKeys: number, ...keysThenArgs: Argument[]): Promise<number>
  forgetUserVersion(numberOfKeys: number, ...keysThenArgs: Argument[]): Promise<number>
  setUserVersion(numberOfKeys: number, ...keysThenArgs: Argument[]): Promise<number>
}

type ScriptName = Exclude<keyof SessionCommands, `${string}Buffer`>
type ScriptedRedis = RedisClient & SessionCommands

/** Every script, by command name: the tests check that each touches one hash slot. */
export const SESSION_SCRIPTS: Record<ScriptName, string> = {
  createSession: CREATE_SESSION,
  rotateRefreshToken: ROTATE_REFRESH_TOKEN,
  issuedRefreshToken: ISSUED_REFRESH_TOKEN,
  revokeUserSessions: REVOKE_USER_SESSIONS,
  forgetUserVersion: FORGET_USER_VERSION,
  setUserVersion: SET_USER_VERSION,
}

function withScripts(redis: RedisClient): ScriptedRedis {
  for (const [name, lua] of Object.entries(SESSION_SCRIPTS)) {
    if (!(name in redis)) redis.defineCommand(name, { lua })
  }
  return redis as ScriptedRedis
}

/** How often a user-wide script is run again when sessions of the user keep appearing between read and script. */
const STALE_ATTEMPTS = 10

/** The session stored as `state`, or `undefined` when `state` is missing or of another shape. */
function toRecord(id: string, userId: string, state: Buffer | null | undefined): SessionRecord | undefined {
  const decoded = state ? decodeState(state) : undefined
  return decoded && { id, userId, ...decoded.record }
}

/**
 * The `SessionStore` on Redis (key layout 2: one hash slot per user, so it runs on Redis Cluster too). Multi-step
 * changes are Lua scripts (one atomic step each); every failure to reach Redis becomes `UnavailableError('redis')`.
 */
export function createRedisSessionStore(redis: RedisClient, prefix?: string): SessionStore {
  const keys: SessionKeys = sessionKeys(prefix)
  const client = withScripts(redis)
  const liveness = createRedisSessionLiveness(redis, prefix)

  /**
   * Runs a user-wide script with the marker of every session in the user's hash, reading the hash again while the
   * script answers STALE (a session was added in between).
   */
  async function userWide(script: UserWideScript, userId: string, fixedKeys: string[], fixedArgs: Argument[], readFirst: boolean): Promise<number> {
    let known: string[] = readFirst ? await client.hkeys(keys.userSessions(userId)) : []
    for (let attempt = 0; attempt < STALE_ATTEMPTS; attempt++) {
      const allKeys = [...fixedKeys, ...known.map((sessionId) => keys.live(userId, sessionId))]
      const answer = await client[script](allKeys.length, ...allKeys, ...fixedArgs, ...known)
      if (answer !== STALE) return answer
      known = await client.hkeys(keys.userSessions(userId))
    }
    throw new UnavailableError('redis', { cause: new Error(`the sessions of a user kept changing during ${script}`) })
  }

  /** Ends the sessions `ids` of the user whatever is left of them (marker, field). */
  async function endAll(userId: string, ids: string[]): Promise<void> {
    if (ids.length === 0) return
    await client.multi().del(...ids.map((id) => keys.live(userId, id))).hdel(keys.userSessions(userId), ...ids).exec()
  }

  return {
    // A hash or seal of another shape is a bug of the caller, not Redis failing: thrown before guardRedis.
    create: async (session: NewSession, maxPerUser = 0) => {
      const digest = digestOf(session.refreshTokenHash)
      if (!digest) throw new TypeError('refreshTokenHash is not a hashRefreshToken')
      const args = [
        String(session.expiresAt), session.id, String(session.createdAt), String(maxPerUser), session.userId,
        encodeState(session, digest),
      ]
      const own = [keys.live(session.userId, session.id), keys.userSessions(session.userId)]
      // The user's sessions are read only when the cap needs them (the script says STALE).
      return guardRedis(() => userWide('createSession', session.userId, own, args, false))
    },

    rotate: async (userId: string, sessionId: string, presentedHash: string, successor: Successor, now: number, graceMs: number) => {
      const next = digestOf(successor.hash)
      const sealed = sealOf(successor.sealed)
      if (!next || !sealed) throw new TypeError('a successor is a hashRefreshToken and a sealSuccessor')
      const presented = digestOf(presentedHash)
      if (!presented) return { outcome: 'unknown' }
      const own = [keys.live(userId, sessionId), keys.userSessions(userId)]
      const args = [sessionId, presented, next, sealed, String(now), String(graceMs)]
      const [reply, state] = await guardRedis(() => client.rotateRefreshTokenBuffer(2, ...own, ...args))
      const outcome = reply?.toString()
      if (outcome === 'reused') return { outcome, userId }
      const decoded = outcome === 'rotated' || outcome === 'grace' ? state && decodeState(state) : undefined
      if (!decoded) return { outcome: 'unknown' }
      const session = { id: sessionId, userId, ...decoded.record, lastUsedAt: now }
      if (outcome === 'rotated') return { outcome, session }
      return { outcome: 'grace', session, sealedSuccessor: decoded.sealedSuccessor }
    },

    get: (userId: string, sessionId: string) =>
      guardRedis(async () => {
        const [[, live] = [], [, state] = []] =
          (await client.multi().exists(keys.live(userId, sessionId)).hgetBuffer(keys.userSessions(userId), sessionId).exec()) ?? []
        return live === 1 ? toRecord(sessionId, userId, state as Buffer | null) : undefined
      }),

    issuedRefreshToken: (userId: string, sessionId: string, tokenHash: string) =>
      guardRedis(async () => {
        const digest = digestOf(tokenHash)
        if (!digest) return false
        return (await client.issuedRefreshToken(2, keys.live(userId, sessionId), keys.userSessions(userId), sessionId, digest)) === 1
      }),

    listForUser: (userId: string) =>
      guardRedis(async () => {
        const states = Object.entries(await client.hgetallBuffer(keys.userSessions(userId)))
        const markers = states.reduce((pipeline, [id]) => pipeline.exists(keys.live(userId, id)), client.pipeline())
        const live = states.length === 0 ? [] : ((await markers.exec()) ?? [])
        const sessions = states.map(([id, state], index) => (live[index]?.[1] === 1 ? toRecord(id, userId, state) : undefined))
        // Ended, or stored in another shape: those end now, so that no marker outlives its place in the hash.
        await endAll(userId, states.filter((_, index) => !sessions[index]).map(([id]) => id))
        return sessions.filter((session) => session !== undefined).sort((a, b) => a.createdAt - b.createdAt)
      }),

    revoke: (sessionId: string, userId: string) =>
      guardRedis(async () => {
        const [[, deleted] = []] =
          (await client.multi().del(keys.live(userId, sessionId)).hdel(keys.userSessions(userId), sessionId).exec()) ?? []
        return deleted === 1
      }),

    revokeForUser: (userId: string, exceptSessionId?: string) =>
      guardRedis(() => userWide('revokeUserSessions', userId, [keys.userSessions(userId)], [exceptSessionId ?? ''], true)),

    forgetUserVersion: (userId: string) =>
      guardRedis(async () => void (await client.forgetUserVersion(1, keys.userSessions(userId)))),

    setUserVersion: (userId: string, version: number) =>
      guardRedis(async () => void (await client.setUserVersion(1, keys.userSessions(userId), String(version)))),

    isLive: (sessionId, userId) => liveness.isLive(sessionId, userId),
  }
}
