import type { Redis } from 'ioredis'
import { SESSION_USER_FIELD, sessionKeys, type SessionKeys } from '@authpair/verifier'
import { createRedisSessionLiveness, guardRedis } from '@authpair/verifier/redis'
import {
  CREATE_SESSION,
  FORGET_USER_VERSION,
  ISSUED_REFRESH_TOKEN,
  REVOKE_USER_SESSIONS,
  ROTATE_REFRESH_TOKEN,
  SET_USER_VERSION,
} from './lua.js'
import type { NewSession, RotationResult, SessionRecord, SessionStore, Successor } from './session-store.js'

type Reply = (string | null)[]

interface SessionCommands {
  createSession(session: string, userSet: string, ...args: string[]): Promise<number>
  rotateRefreshToken(session: string, retired: string, ...args: string[]): Promise<Reply>
  issuedRefreshToken(session: string, retired: string, hash: string): Promise<number>
  revokeUserSessions(userSet: string, prefix: string, keep: string): Promise<number>
  forgetUserVersion(userSet: string, prefix: string): Promise<number>
  setUserVersion(userSet: string, prefix: string, version: string): Promise<number>
}

type ScriptedRedis = Redis & SessionCommands

function withScripts(redis: Redis): ScriptedRedis {
  const scripts = {
    createSession: { numberOfKeys: 2, lua: CREATE_SESSION },
    rotateRefreshToken: { numberOfKeys: 2, lua: ROTATE_REFRESH_TOKEN },
    issuedRefreshToken: { numberOfKeys: 2, lua: ISSUED_REFRESH_TOKEN },
    revokeUserSessions: { numberOfKeys: 1, lua: REVOKE_USER_SESSIONS },
    forgetUserVersion: { numberOfKeys: 1, lua: FORGET_USER_VERSION },
    setUserVersion: { numberOfKeys: 1, lua: SET_USER_VERSION },
  }
  for (const [name, definition] of Object.entries(scripts)) {
    if (!(name in redis)) redis.defineCommand(name, definition)
  }
  return redis as ScriptedRedis
}

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

/**
 * The `SessionStore` on Redis. Multi-step changes are Lua scripts (one atomic step each); every failure to reach
 * Redis becomes `UnavailableError('redis')`.
 */
export function createRedisSessionStore(redis: Redis, prefix?: string): SessionStore {
  const keys: SessionKeys = sessionKeys(prefix)
  const client = withScripts(redis)
  const liveness = createRedisSessionLiveness(redis, prefix)

  return {
    create: (session: NewSession, maxPerUser = 0) =>
      guardRedis(async () => {
        const fields = [
          SESSION_USER_FIELD, session.userId,
          'created', String(session.createdAt), 'used', String(session.lastUsedAt), 'exp', String(session.expiresAt),
          'ua', session.userAgent, 'ip', session.ip, 'rt', session.refreshTokenHash,
          ...(session.userVersion === undefined ? [] : ['uv', String(session.userVersion)]),
        ]
        const args = [String(session.expiresAt), session.id, String(session.createdAt), keys.sessionPrefix, String(maxPerUser), ...fields]
        return client.createSession(keys.session(session.id), keys.userSessions(session.userId), ...args)
      }),

    rotate: (sessionId: string, presentedHash: string, successor: Successor, now: number, graceMs: number) =>
      guardRedis(async (): Promise<RotationResult> => {
        const args = [presentedHash, successor.hash, successor.sealed, String(now), String(graceMs)]
        const reply = await client.rotateRefreshToken(keys.session(sessionId), keys.retired(sessionId), ...args)
        const outcome = reply[0]
        if (outcome === 'reused') return { outcome, userId: reply[1] ?? '' }
        const session = outcome === 'rotated' || outcome === 'grace' ? recordFromRotation(sessionId, reply, now) : undefined
        if (!session) return { outcome: 'unknown' }
        if (outcome === 'rotated') return { outcome, session }
        return { outcome: 'grace', session, sealedSuccessor: reply[6] ?? '' }
      }),

    get: (sessionId: string) =>
      guardRedis(async () => toRecord(sessionId, await client.hmget(keys.session(sessionId), ...FIELDS))),

    issuedRefreshToken: (sessionId: string, tokenHash: string) =>
      guardRedis(async () => (await client.issuedRefreshToken(keys.session(sessionId), keys.retired(sessionId), tokenHash)) === 1),

    listForUser: (userId: string) =>
      guardRedis(async () => {
        const ids = await client.smembers(keys.userSessions(userId))
        const rows = await Promise.all(ids.map((id) => client.hmget(keys.session(id), ...FIELDS)))
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
            .del(keys.session(sessionId))
            .del(keys.retired(sessionId))
            .srem(keys.userSessions(userId), sessionId)
            .exec()) ?? []
        return deleted === 1
      }),

    revokeForUser: (userId: string, exceptSessionId?: string) =>
      guardRedis(() => client.revokeUserSessions(keys.userSessions(userId), keys.sessionPrefix, exceptSessionId ?? '')),

    forgetUserVersion: (userId: string) =>
      guardRedis(async () => void (await client.forgetUserVersion(keys.userSessions(userId), keys.sessionPrefix))),

    setUserVersion: (userId: string, version: number) =>
      guardRedis(async () => void (await client.setUserVersion(keys.userSessions(userId), keys.sessionPrefix, String(version)))),

    isLive: (sessionId, userId) => liveness.isLive(sessionId, userId),
  }
}
