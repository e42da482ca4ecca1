// `pnpm bench:fanout` (issue 15): what reaches tracked verifiers while sessions refresh. Starts a private Redis on
// loopback, opens V simulated tracked verifiers (each the pair of connections a tracked verifier holds: an
// invalidation subscriber and a data connection with `CLIENT TRACKING ... BCAST PREFIX`), and for SECONDS seconds
// runs REFRESHES refreshes and LOGINS logins plus as many logouts per second through the real session store.
// Reports pushes per second per verifier and in all, and Redis CPU (INFO cpu). Each row also runs with the
// verifiers tracking `<prefix>user:` instead (the users' hashes, which hold the refresh state): what a tracker of
// the rotating state would receive.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import { startRedis } from '@authpair/local-servers'
import { createRedisSessionStore, createRefreshToken, createSessionId, hashRefreshToken, sealSuccessor, type SessionStore } from '@authpair/sessions'
import { DEFAULT_KEY_PREFIX, sessionKeys } from '@authpair/verifier'

const seconds = Number(process.env['SECONDS_PER_ROW'] ?? 5)
const refreshesPerSecond = Number(process.env['REFRESHES'] ?? 500)
const loginsPerSecond = Number(process.env['LOGINS'] ?? 20)
const fleets = (process.env['VERIFIERS'] ?? '1,10,50').split(',').map(Number)
const TICK_MS = 20
const prefix = DEFAULT_KEY_PREFIX

interface Live { userId: string; sessionId: string; token: string }

async function cpuSeconds(redis: Redis): Promise<number> {
  const info = await redis.info('cpu')
  const read = (name: string) => Number(new RegExp(`${name}:([\\d.]+)`).exec(info)?.[1] ?? 0)
  return read('used_cpu_user') + read('used_cpu_sys')
}

async function login(store: SessionStore, index: number): Promise<Live> {
  const userId = (index % 10_000).toString(16).padStart(24, '0')
  const sessionId = createSessionId()
  const token = createRefreshToken(userId, sessionId)
  const now = Date.now()
  await store.create({
    id: sessionId, userId, createdAt: now, lastUsedAt: now, expiresAt: now + 3_600_000,
    userAgent: 'bench', ip: '127.0.0.1', refreshTokenHash: hashRefreshToken(token),
  })
  return { userId, sessionId, token }
}

async function refresh(store: SessionStore, live: Live): Promise<void> {
  const next = createRefreshToken(live.userId, live.sessionId)
  const result = await store.rotate(live.userId, live.sessionId, hashRefreshToken(live.token), { hash: hashRefreshToken(next), sealed: sealSuccessor(live.token, next) }, Date.now(), 10_000)
  if (result.outcome !== 'rotated') throw new Error(`rotation ${result.outcome}`)
  live.token = next
}

/** V verifiers' connections, counting every invalidation pushed to them. */
async function fleet(url: string, size: number, trackedPrefix: string): Promise<{ pushes: () => number; close: () => void }> {
  let pushes = 0
  const clients: Redis[] = []
  for (let index = 0; index < size; index++) {
    const events = new Redis(url)
    const data = new Redis(url)
    clients.push(events, data)
    const id = String(await events.client('ID'))
    await events.subscribe('__redis__:invalidate')
    // Redis batches the keys of one event-loop turn into one message: count keys, as a verifier handles them.
    events.on('messageBuffer', (_channel: Buffer, message: Buffer | Buffer[] | null) => void (pushes += Array.isArray(message) ? message.length : 1))
    await data.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id, 'BCAST', 'PREFIX', trackedPrefix)
  }
  return { pushes: () => pushes, close: () => clients.forEach((client) => client.disconnect()) }
}

const dir = await mkdtemp(join(tmpdir(), 'authpair-fanout-'))
const server = await startRedis({ dataDir: dir })
const redis = new Redis(server.url)
try {
  const store = createRedisSessionStore(redis, prefix)
  const keys = sessionKeys(prefix)
  const pool: Live[] = []
  for (let index = 0; index < 2000; index++) pool.push(await login(store, index))
  let logins = pool.length
  console.log(`${seconds} s a row; ${refreshesPerSecond} refreshes/s, ${loginsPerSecond} logins/s and as many logouts/s`)
  console.log(['tracked prefix', 'verifiers', 'keys pushed/s', 'per verifier', 'redis cpu %', 'ops done'].join(' | '))
  for (const size of fleets) {
    for (const tracked of [keys.livePrefix, `${prefix}user:`]) {
      const verifiers = await fleet(server.url, size, tracked)
      const cpuBefore = await cpuSeconds(redis)
      const started = Date.now()
      let done = 0
      let cursor = 0
      while (Date.now() - started < seconds * 1000) {
        const tick = Date.now()
        const work: Promise<void>[] = []
        for (let n = 0; n < (refreshesPerSecond * TICK_MS) / 1000; n++) work.push(refresh(store, pool[cursor++ % pool.length]!))
        for (let n = 0; n < Math.max(1, Math.round((loginsPerSecond * TICK_MS) / 1000)); n++) {
          if (Math.random() >= (loginsPerSecond * TICK_MS) / 1000) continue
          const slot = cursor++ % pool.length
          const ended = pool[slot]!
          work.push(store.revoke(ended.sessionId, ended.userId).then(async () => void (pool[slot] = await login(store, logins++))))
        }
        await Promise.all(work)
        done += work.length
        await sleep(Math.max(0, TICK_MS - (Date.now() - tick)))
      }
      const elapsed = (Date.now() - started) / 1000
      const cpu = ((await cpuSeconds(redis)) - cpuBefore) / elapsed
      await sleep(100)
      const rate = verifiers.pushes() / elapsed
      console.log([tracked.slice(prefix.length), size, Math.round(rate), Math.round(rate / size), (cpu * 100).toFixed(1), done].join(' | '))
      verifiers.close()
    }
  }
} finally {
  redis.disconnect()
  await server.stop()
  await rm(dir, { recursive: true, force: true })
}
