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
  USER_AGENT_PIECES,
} from './lua.js'
import type { NewSession, RotationResult, SessionRecord, SessionStore, Successor } from './session-store.js'

type Reply = (string | null)[]

// Every script takes its number of keys first (user-wide scripts take two keys per session of the user).
interface SessionCommands {
  createSession(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>
  rotateRefreshToken(numberOfKeys: number, ...keysThenArgs: string[]): Promise<Reply>
  issuedRefreshToken(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>
  revokeUserSessions(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>
  forgetUserVersion(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>
  setUserVersion(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>
}

type ScriptName = keyof SessionCommands
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

/** The hash's user-agent fields: `a`, `a1`, `a2`, ... (lua.ts). */
const AGENT_FIELDS = Array.from({ length: USER_AGENT_PIECES }, (_, n) => (n === 0 ? 'a' : `a${n}`))
const FIELDS = ['c', 'e', 'i', 'uv', 'pa', ...AGENT_FIELDS] as const

/** Redis keeps a hash compact (listpack) while every value is at most 64 bytes. */
const PIECE_BYTES = 64

/** The user agent in pieces of at most PIECE_BYTES bytes of UTF-8, never splitting a character. */
function agentPieces(userAgent: string): string[] {
  const pieces = ['']
  let bytes = 0
  for (const character of userAgent) {
    const size = Buffer.byteLength(character)
    if (bytes + size > PIECE_BYTES) {
      pieces.push('')
      bytes = 0
    }
    pieces[pieces.length - 1] += character
    bytes += size
  }
  return pieces.slice(0, USER_AGENT_PIECES)
}

interface StoredFields {
  created: string | null
  expires: string | null
  ip: string | null
  userVersion: string | null
  lastUsed: string | null
  agent: (string | null)[]
}

function toRecord(id: string, userId: string, stored: StoredFields): SessionRecord | undefined {
  if (!stored.created) return undefined
  return {
    id,
    userId,
    createdAt: Number(stored.created),
    lastUsedAt: Number(stored.lastUsed || stored.created),
    expiresAt: Number(stored.expires),
    userAgent: stored.agent.map((piece) => piece ?? '').join(''),
    ip: stored.ip ?? '',
    ...(stored.userVersion ? { userVersion: Number(stored.userVersion) } : {}),
  }
}

/** The fields of an HMGET of FIELDS. */
function fromHash(values: (string | null)[]): StoredFields {
  const [created = null, expires = null, ip = null, userVersion = null, lastUsed = null, ...agent] = values
  return { created, expires, ip, userVersion, lastUsed, agent }
}

/** The fields a rotation reply carries, in the order ROTATE_REFRESH_TOKEN returns them. */
function recordFromRotation(id: string, userId: string, reply: Reply, lastUsedAt: number): SessionRecord | undefined {
  const [, , created = null, expires = null, ip = null, userVersion = null, ...agent] = reply
  return toRecord(id, userId, { created, expires, ip, userVersion, lastUsed: String(lastUsedAt), agent })
}

/** The two keys of one session, in the order the scripts take them: live, session. */
function sessionKeyPair(keys: SessionKeys, userId: string, sessionId: string): string[] {
  return [keys.live(userId, sessionId), keys.session(userId, sessionId)]
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
   * Runs a user-wide script with the keys of every session in the user's set, reading the set again while the
   * script answers STALE (a session was added in between).
   */
  async function userWide(
    script: 'createSession' | 'revokeUserSessions' | 'forgetUserVersion' | 'setUserVersion',
    userId: string,
    fixedKeys: string[],
    fixedArgs: string[],
    readFirst: boolean,
  ): Promise<number> {
    let known: string[] = readFirst ? await client.hkeys(keys.userSessions(userId)) : []
    for (let attempt = 0; attempt < STALE_ATTEMPTS; attempt++) {
      const sessionKeys = known.flatMap((sessionId) => sessionKeyPair(keys, userId, sessionId))
      const allKeys = [...fixedKeys, ...sessionKeys]
      const answer = await client[script](allKeys.length, ...allKeys, ...fixedArgs, ...known)
      if (answer !== STALE) return answer
      known = await client.hkeys(keys.userSessions(userId))
    }
    throw new UnavailableError('redis', { cause: new Error(`the sessions of a user kept changing during ${script}`) })
  }

  return {
    create: (session: NewSession, maxPerUser = 0) =>
      guardRedis(async () => {
        const fields = [
          'c', String(session.createdAt), 'e', String(session.expiresAt), 'i', session.ip, 'rt', session.refreshTokenHash,
          ...agentPieces(session.userAgent).flatMap((piece, n) => [AGENT_FIELDS[n]!, piece]),
          ...(session.userVersion === undefined ? [] : ['uv', String(session.userVersion)]),
        ]
        const args = [
          String(session.expiresAt), session.id, String(session.createdAt), String(maxPerUser), session.userId,
          String(fields.length / 2), ...fields,
        ]
        const own = [keys.live(session.userId, session.id), keys.session(session.userId, session.id), keys.userSessions(session.userId)]
        // The user's sessions are read only when the cap needs them (the script says STALE).
        return userWide('createSession', session.userId, own, args, false)
      }),

    rotate: (userId: string, sessionId: string, presentedHash: string, successor: Successor, now: number, graceMs: number) =>
      guardRedis(async (): Promise<RotationResult> => {
        const args = [presentedHash, successor.hash, successor.sealed, String(now), String(graceMs)]
        const reply = await client.rotateRefreshToken(2, ...sessionKeyPair(keys, userId, sessionId), ...args)
        const outcome = reply[0]
        if (outcome === 'reused') return { outcome, userId }
        const session = outcome === 'rotated' || outcome === 'grace' ? recordFromRotation(sessionId, userId, reply, now) : undefined
        if (!session) return { outcome: 'unknown' }
        if (outcome === 'rotated') return { outcome, session }
        return { outcome: 'grace', session, sealedSuccessor: reply[1] ?? '' }
      }),

    get: (userId: string, sessionId: string) =>
      guardRedis(async () => {
        return toRecord(sessionId, userId, fromHash(await client.hmget(keys.session(userId, sessionId), ...FIELDS)))
      }),

    issuedRefreshToken: (userId: string, sessionId: string, tokenHash: string) =>
      guardRedis(async () => (await client.issuedRefreshToken(2, ...sessionKeyPair(keys, userId, sessionId), tokenHash)) === 1),

    listForUser: (userId: string) =>
      guardRedis(async () => {
        const ids = await client.hkeys(keys.userSessions(userId))
        const rows = await Promise.all(ids.map((id) => client.hmget(keys.session(userId, id), ...FIELDS)))
        const sessions = ids.map((id, index) => toRecord(id, userId, fromHash(rows[index] ?? []))).filter((s) => s !== undefined)
        const gone = ids.filter((_, index) => !rows[index]?.[0])
        if (gone.length > 0) await client.hdel(keys.userSessions(userId), ...gone)
        return sessions.sort((a, b) => a.createdAt - b.createdAt)
      }),

    revoke: (sessionId: string, userId: string) =>
      guardRedis(async () => {
        const [[, deleted] = []] =
          (await client
            .multi()
            .del(keys.live(userId, sessionId))
            .del(keys.session(userId, sessionId))
            .hdel(keys.userSessions(userId), sessionId)
            .exec()) ?? []
        return deleted === 1
      }),

    revokeForUser: (userId: string, exceptSessionId?: string) =>
      guardRedis(() => userWide('revokeUserSessions', userId, [keys.userSessions(userId)], [exceptSessionId ?? ''], true)),

    forgetUserVersion: (userId: string) =>
      guardRedis(async () => void (await userWide('forgetUserVersion', userId, [keys.userSessions(userId)], [], true))),

    setUserVersion: (userId: string, version: number) =>
      guardRedis(async () => void (await userWide('setUserVersion', userId, [keys.userSessions(userId)], [String(version)], true))),

    isLive: (sessionId, userId) => liveness.isLive(sessionId, userId),
  }
}
