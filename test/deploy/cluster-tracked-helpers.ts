// Helpers for cluster-tracked.test.ts: sessions on chosen Cluster primaries, slot moves and node queries.
import { setTimeout as sleep } from 'node:timers/promises'
import type { Test } from 'tap'
import { Redis, type Cluster } from 'ioredis'
import type { ClusterTopology } from '@authpair/local-servers'
import { createRedisSessionStore, createRefreshToken, createSessionId, hashRefreshToken, sealSuccessor, type SessionStore } from '@authpair/sessions'
import { trackedSessionLiveness, type LookupAnswer, type TrackedLiveness } from '@authpair/verifier/redis'

export const PREFIX = 'ctracked:'

/** A plain connection to one node, closed when the test ends. */
export function nodeClient(t: Test, port: number): Redis {
  const client = new Redis({ host: '127.0.0.1', port, maxRetriesPerRequest: 1 })
  // A node this test kills: its reconnect failures are expected.
  client.on('error', () => undefined)
  t.teardown(() => client.disconnect())
  return client
}

/** The port of the primary that serves the user's keys, asked of `admin` (any node). */
export async function primaryPortOf(admin: Redis, userId: string): Promise<number> {
  const slot = await slotOf(admin, userId)
  const ranges = (await admin.call('CLUSTER', 'SLOTS')) as [number, number, [string, number]][]
  return ranges.find(([from, to]) => slot >= from && slot <= to)![2][1]
}

export async function slotOf(admin: Redis, userId: string): Promise<number> {
  return Number(await admin.call('CLUSTER', 'KEYSLOT', `{${userId}}`))
}

/** One user id per primary, keyed by the primary's port. */
export async function usersOnEachPrimary(admin: Redis, label: string): Promise<Map<number, string>> {
  const users = new Map<number, string>()
  for (let index = 0; users.size < 3 && index < 1000; index += 1) {
    const userId = `${label}-${index}`
    const port = await primaryPortOf(admin, userId)
    if (!users.has(port)) users.set(port, userId)
  }
  return users
}

/** Each session's current refresh token, by session id. */
const refreshTokens = new Map<string, string>()

/** A new session of the user, written by the real session store; its id. */
export async function createSession(store: SessionStore, userId: string): Promise<string> {
  const id = createSessionId()
  const now = Date.now()
  const token = createRefreshToken(userId, id)
  refreshTokens.set(id, token)
  const refreshTokenHash = hashRefreshToken(token)
  await store.create({ id, userId, createdAt: now, lastUsedAt: now, expiresAt: now + 600_000, userAgent: 'ua', ip: '127.0.0.1', refreshTokenHash, userVersion: 1 })
  return id
}

/** Rotates the session's refresh token as a refresh does; the outcome. */
export async function refreshSession(store: SessionStore, userId: string, sessionId: string): Promise<string> {
  const next = createRefreshToken(userId, sessionId)
  const current = refreshTokens.get(sessionId) ?? ''
  const successor = { hash: hashRefreshToken(next), sealed: sealSuccessor(current, next) }
  const { outcome } = await store.rotate(userId, sessionId, hashRefreshToken(current), successor, Date.now(), 10_000)
  if (outcome === 'rotated') refreshTokens.set(sessionId, next)
  return outcome
}

export function sessionStore(cluster: Cluster | Redis): SessionStore {
  return createRedisSessionStore(cluster, PREFIX)
}

/** A tracked verifier on the Cluster, with the answers it gave, closed when the test ends. */
export async function startLiveness(t: Test, cluster: ClusterTopology, clusterRefreshMs?: number): Promise<{ liveness: TrackedLiveness; answers: LookupAnswer[] }> {
  const answers: LookupAnswer[] = []
  const url = `redis-cluster://${cluster.nodeAddresses}`
  const liveness = trackedSessionLiveness({ url, keyPrefix: PREFIX, clusterRefreshMs, onLookup: (answer) => answers.push(answer) })
  t.teardown(() => liveness.close())
  await liveness.ready()
  return { liveness, answers }
}

/** Asks until memory answers (the set is linked and a heartbeat came back); false if it never does. */
export async function untilCached(liveness: TrackedLiveness, answers: LookupAnswer[], sessionId: string, userId: string): Promise<boolean> {
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    await liveness.isLive(sessionId, userId).catch(() => undefined)
    if (answers.at(-1) === 'cache' || answers.at(-1) === 'heartbeat') return true
    await sleep(10)
  }
  return false
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return true
    await sleep(20)
  }
  return check()
}

/** Two new sessions of the user, each answered from memory once the verifier is linked to every primary. */
export async function rememberedSessions(t: Test, store: SessionStore, verifier: { liveness: TrackedLiveness; answers: LookupAnswer[] }, userId: string): Promise<{ kept: string; revoked: string }> {
  const { liveness, answers } = verifier
  const [kept, revoked] = [await createSession(store, userId), await createSession(store, userId)]
  t.ok(await until(() => liveness.linked, 10_000), 'linked to every primary')
  t.ok(await untilCached(liveness, answers, kept, userId), 'a session answered from memory')
  t.ok(await untilCached(liveness, answers, revoked, userId), 'and another')
  return { kept, revoked }
}

/** True when the node has a verifier tracking connection redirected to a subscriber. */
export async function hasTrackingLink(node: Redis): Promise<boolean> {
  const clients = String(await node.client('LIST')).split('\n')
  return clients.some((line) => line.includes('name=verifier-tracking') && !line.includes(' redir=-1') && /flags=\S*t/.test(line))
}

/**
 * Moves a slot and its keys from one primary to another the way `redis-cli --cluster reshard` does: IMPORTING and
 * MIGRATING, MIGRATE of every key (a DEL on the source), then SETSLOT NODE on every primary.
 */
export async function moveSlot(slot: number, from: Redis, to: Redis, primaries: readonly Redis[]): Promise<void> {
  const [fromId, toId] = [String(await from.call('CLUSTER', 'MYID')), String(await to.call('CLUSTER', 'MYID'))]
  await to.call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', fromId)
  await from.call('CLUSTER', 'SETSLOT', slot, 'MIGRATING', toId)
  const { host, port } = to.options as { host: string; port: number }
  for (;;) {
    const keys = (await from.call('CLUSTER', 'GETKEYSINSLOT', slot, 100)) as string[]
    if (keys.length === 0) break
    await from.call('MIGRATE', host, port, '', 0, 5000, 'KEYS', ...keys)
  }
  for (const node of [to, from, ...primaries]) await node.call('CLUSTER', 'SETSLOT', slot, 'NODE', toId)
}
