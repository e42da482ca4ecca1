import type { Redis } from 'ioredis'
import { SESSION_USER_FIELD, sessionKeys, type SessionKeys } from '@authpair/verifier'
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
import type { NewSession, RotationResult, SessionRecord, SessionStore, Successor } from './session-store.js'

type Reply = (string | null)[]

// Every script takes its number of keys first (user-wide scripts take three keys per session of the user).
interface SessionCommands {
  createSession(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>
  rotateRefreshToken(numberOfKeys: number, ...keysThenArgs: string[]): Promise<Reply>
  issuedRefreshToken(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>
  revokeUserSessions(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>
  forgetUserVersion(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>
  setUserVersion(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>
}

type ScriptName = keyof SessionCommands
type ScriptedRedis = Redis & SessionCommands

/** Every script, by command name: the tests check that each touches one hash slot. */
export const SESSION_SCRIPTS: Record<ScriptName, string> = {
  createSession: CREATE_SESSION,
  rotateRefreshToken: ROTATE_REFRESH_TOKEN,
  issuedRefreshToken: ISSUED_REFRESH_TOKEN,
  revokeUserSessions: REVOKE_USER_SESSIONS,
  forgetUserVersion: FORGET_USER_VERSION,
  setUserVersion: SET_USER_VERSION,
}

function withScripts(redis: Redis): ScriptedRedis {
  for (const [name, lua] of Object.entries(SESSION_SCRIPTS)) {
    if (!(name in redis)) redis.defineCommand(name, { lua })
  }
  return redis as ScriptedRedis
}

/** How often a user-wide script is run again when sessions of the user keep appearing between read and script. */
const STALE_ATTEMPTS = 10

const FIELDS = [SESSION_USER_FIELD, 'created', 'used', 'exp', 'ua', 'ip', 'uv'] as const

function toRecord(id: string, values: (string | null)[]): SessionRecord | undefined {
  const [uid, created, used, exp, ua, ip, uv] = values
  if (!uid) return undefined
  return {
    id,
    userId: uid,
    createdAt: Number(created),
    lastUsedAt: Number(used ?? created),
    expiresAt: Number(exp),
    userAgent: ua ?? '',
    ip: ip ?? '',
    ...(uv ? { userVersion: Number(uv) } : {}),
  }
}

/** The fields a rotation reply carries, in the order ROTATE_REFRESH_TOKEN returns them. */
function recordFromRotation(id: string, reply: Reply, lastUsedAt: number): SessionRecord | undefined {
  const [, uid, created, exp, ua, ip, , uv] = reply
  const values = [uid, created, String(lastUsedAt), exp, ua, ip, uv]
  return toRecord(id, values.map((value) => value ?? null))
}

/** The three keys of one session, in the order the scripts take them: live, session, retired. */
function sessionKeyTriple(keys: SessionKeys, userId: string, sessionId: string): string[] {
  return [keys.live(userId, sessionId), keys.session(userId, sessionId), keys.retired(userId, sessionId)]
}

/**
 * The `SessionStore` on Redis (key layout 2: one hash slot per user, so it runs on Redis Cluster too). Multi-step
 * changes are Lua scripts (one atomic step each); every failure to reach Redis becomes `UnavailableError('redis')`.
 */
export function createRedisSessionStore(redis: Redis, prefix?: string): SessionStore {
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
    let known: string[] = readFirst ? await client.smembers(keys.userSessions(userId)) : []
    for (let attempt = 0; attempt < STALE_ATTEMPTS; attempt++) {
      const sessionKeys = known.flatMap((sessionId) => sessionKeyTriple(keys, userId, sessionId))
      const allKeys = [...fixedKeys, ...sessionKeys]
      const answer = await client[script](allKeys.length, ...allKeys, ...fixedArgs, ...known)
      if (answer !== STALE) return answer
      known = await client.smembers(keys.userSessions(userId))
    }
    throw new UnavailableError('redis', { cause: new Error(`the sessions of a user kept changing during ${script}`) })
  }

  return {
    create: (session: NewSession, maxPerUser = 0) =>
      guardRedis(async () => {
        const fields = [
          SESSION_USER_FIELD, session.userId,
          'created', String(session.createdAt), 'used', String(session.lastUsedAt), 'exp', String(session.expiresAt),
          'ua', session.userAgent, 'ip', session.ip, 'rt', session.refreshTokenHash,
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
        const reply = await client.rotateRefreshToken(3, ...sessionKeyTriple(keys, userId, sessionId), ...args)
        const outcome = reply[0]
        if (outcome === 'reused') return { outcome, userId: reply[1] ?? '' }
        const session = outcome === 'rotated' || outcome === 'grace' ? recordFromRotation(sessionId, reply, now) : undefined
        if (!session) return { outcome: 'unknown' }
        if (outcome === 'rotated') return { outcome, session }
        return { outcome: 'grace', session, sealedSuccessor: reply[6] ?? '' }
      }),

    get: (userId: string, sessionId: string) =>
      guardRedis(async () => {
        const record = toRecord(sessionId, await client.hmget(keys.session(userId, sessionId), ...FIELDS))
        return record?.userId === userId ? record : undefined
      }),

    issuedRefreshToken: (userId: string, sessionId: string, tokenHash: string) =>
      guardRedis(async () => (await client.issuedRefreshToken(3, ...sessionKeyTriple(keys, userId, sessionId), tokenHash)) === 1),

    listForUser: (userId: string) =>
      guardRedis(async () => {
        const ids = await client.smembers(keys.userSessions(userId))
        const rows = await Promise.all(ids.map((id) => client.hmget(keys.session(userId, id), ...FIELDS)))
        const sessions = ids.map((id, index) => toRecord(id, rows[index] ?? [])).filter((s) => s !== undefined)
        const gone = ids.filter((_, index) => !rows[index]?.[0])
        if (gone.length > 0) await client.srem(keys.userSessions(userId), ...gone)
        return sessions.sort((a, b) => a.createdAt - b.createdAt)
      }),

    revoke: (sessionId: string, userId: string) =>
      guardRedis(async () => {
        const [[, deleted] = []] =
          (await client
            .multi()
            .del(keys.live(userId, sessionId))
            .del(keys.session(userId, sessionId), keys.retired(userId, sessionId))
            .srem(keys.userSessions(userId), sessionId)
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
