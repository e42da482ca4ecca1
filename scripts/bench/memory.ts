// `pnpm bench:memory` (issue 15): what a live session costs Redis after ROTATIONS rotations (default 1). Starts a
// private Redis on loopback, writes SESSIONS sessions (default 100,000) through the real session store, rotates each
// ROTATIONS times, and reports INFO memory's used_memory before and after, per session, with MEMORY USAGE of one
// session's marker and its share of its user's hash (which holds each session's refresh state since issue 15).
// LISTPACK_VALUE sets hash-max-listpack-value (`default`: Redis's own 64) instead of the 256 startRedis ships.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Redis } from 'ioredis'
import { startRedis } from '@authpair/local-servers'
import { createRedisSessionStore, createRefreshToken, createSessionId, hashRefreshToken, sealSuccessor } from '@authpair/sessions'
import { sessionKeys } from '@authpair/verifier'

const total = Number(process.env['SESSIONS'] ?? 100_000)
// Each rotation after the first adds the retired token's digest to the state (reuse detection remembers them all).
const rotations = Math.max(1, Number(process.env['ROTATIONS'] ?? 1))
const listpackValue = process.env['LISTPACK_VALUE']
const users = Math.max(1, Math.round(total / 2))
const BATCH = 500
// What a browser sends: the longest field a session keeps.
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'
const prefix = 'authpair:'

async function usedMemory(redis: Redis): Promise<number> {
  const info = await redis.info('memory')
  return Number(/used_memory:(\d+)/.exec(info)?.[1])
}

const dir = await mkdtemp(join(tmpdir(), 'authpair-memory-'))
const server = await startRedis({ dataDir: dir })
const redis = new Redis(server.url)
try {
  if (listpackValue !== undefined) await redis.config('SET', 'hash-max-listpack-value', listpackValue === 'default' ? '64' : listpackValue)
  const store = createRedisSessionStore(redis, prefix)
  const userIds = Array.from({ length: users }, (_, index) => index.toString(16).padStart(24, '0'))
  // Scripts loaded and the allocator warmed before the baseline.
  await redis.set(`${prefix}warm`, '1')
  const before = await usedMemory(redis)
  const started = Date.now()
  let one: { userId: string; sessionId: string } | undefined
  for (let offset = 0; offset < total; offset += BATCH) {
    await Promise.all(Array.from({ length: Math.min(BATCH, total - offset) }, async (_, index) => {
      const userId = userIds[(offset + index) % users]!
      const sessionId = createSessionId()
      const first = createRefreshToken(userId, sessionId)
      const now = Date.now()
      await store.create({
        id: sessionId, userId, createdAt: now, lastUsedAt: now, expiresAt: now + 7 * 86_400_000,
        userAgent: USER_AGENT, ip: '203.0.113.7', refreshTokenHash: hashRefreshToken(first), userVersion: 1,
      }, 10)
      let current = first
      for (let rotation = 0; rotation < rotations; rotation += 1) {
        const next = createRefreshToken(userId, sessionId)
        const result = await store.rotate(userId, sessionId, hashRefreshToken(current), { hash: hashRefreshToken(next), sealed: sealSuccessor(current, next) }, Date.now(), 10_000)
        if (result.outcome !== 'rotated') throw new Error(`rotation ${result.outcome}`)
        current = next
      }
      one ??= { userId, sessionId }
    }))
  }
  const after = await usedMemory(redis)
  const keys = sessionKeys(prefix)
  const usage = async (key: string) => Number(await redis.memory('USAGE', key))
  const sample = one!
  const rows = {
    sessions: total,
    rotations,
    hash_max_listpack_value: ((await redis.config('GET', 'hash-max-listpack-value')) as string[])[1],
    users,
    used_memory_before: before,
    used_memory_after: after,
    bytes_per_session: Math.round((after - before) / total),
    memory_usage_live_marker: await usage(keys.live(sample.userId, sample.sessionId)),
    memory_usage_user_hash_per_session: Math.round((await usage(keys.userSessions(sample.userId))) / (total / users)),
    refresh_state_bytes: (await redis.hgetBuffer(keys.userSessions(sample.userId), sample.sessionId))?.length,
    user_hash_encoding: await redis.object('ENCODING', keys.userSessions(sample.userId)),
    seconds: Math.round((Date.now() - started) / 100) / 10,
    redis: (/redis_version:(\S+)/.exec(await redis.info('server')))?.[1],
  }
  for (const [name, value] of Object.entries(rows)) console.log(`${name.padEnd(36)} ${String(value)}`)
} finally {
  redis.disconnect()
  await server.stop()
  await rm(dir, { recursive: true, force: true })
}
