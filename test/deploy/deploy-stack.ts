import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Test } from 'tap'
import { Redis } from 'ioredis'
import type { App } from '@authpair/http'
import { findFreePort, startRedisCluster, startRedisSentinel, type ClusterTopology, type SentinelTopology } from '@authpair/local-servers'
import { captureLogs, testStores, type LogCapture } from '@authpair/test-support'
import { buildIssuerApp } from '../../services/auth-issuer/src/app.js'
import { loadIssuerConfig } from '../../services/auth-issuer/src/config.js'
import { buildForwardAuthApp } from '../../services/forward-auth/src/app.js'
import { loadForwardAuthConfig } from '../../services/forward-auth/src/config.js'
import { buildResourceApp } from '../../services/resource/src/app.js'
import { loadResourceConfig } from '../../services/resource/src/config.js'
import { bearer, loginAs, signupAndLogin, type Account, type LoginBody } from '../faults/fault-stack.js'
import { armLingerGuard, holdLingerGuard } from './linger-guard.js'

/** The issuer and the resource service on a private Sentinel set, configured as a deployment would (issue 15). */
export interface SentinelStack {
  set: SentinelTopology
  issuer: App
  resource: App
}

export async function startSentinelStack(t: Test, issuerEnv: Record<string, string> = {}, resourceEnv: Record<string, string> = {}): Promise<SentinelStack> {
  const dir = await mkdtemp(join(tmpdir(), 'authpair-deploy-'))
  const set = await startRedisSentinel({ dataDir: join(dir, 'sentinel') })
  const redisEnv = { REDIS_SENTINELS: set.sentinelAddresses, REDIS_SENTINEL_NAME: set.name }
  return { set, ...(await startServices(t, dir, set, redisEnv, issuerEnv, resourceEnv)) }
}

/** The issuer, the resource service and forward-auth on a private Redis Cluster (issue 15). */
export interface ClusterStack {
  cluster: ClusterTopology
  issuer: App
  resource: App
  forwardAuth: App
}

export async function startClusterStack(t: Test, issuerEnv: Record<string, string> = {}, verifierEnv: Record<string, string> = {}): Promise<ClusterStack> {
  const dir = await mkdtemp(join(tmpdir(), 'authpair-deploy-'))
  const cluster = await startRedisCluster({ dataDir: join(dir, 'cluster') })
  const redisEnv = { REDIS_CLUSTER_NODES: cluster.nodeAddresses }
  const services = await startServices(t, dir, cluster, redisEnv, issuerEnv, verifierEnv)
  const forwardAuth = await buildForwardAuthApp(loadForwardAuthConfig({ ...services.shared, ...verifierEnv }), { logLevel: 'info', logStream: services.capture() })
  services.apps.push(forwardAuth)
  return { cluster, issuer: services.issuer, resource: services.resource, forwardAuth }
}

/**
 * Waits until the primary the sentinels name has a replica online: after a failover they repoint the other replica
 * at the new primary, and until its sync ends WAIT counts nobody and a revocation rightly answers 503. The primary is
 * asked of the sentinels on every try: under load they may fail over more than once.
 */
export async function aReplicaOnline(set: SentinelTopology, timeoutMs = 40_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last = 'no answer'
  while (Date.now() < deadline) {
    const primary = await set.primary().catch(() => undefined)
    const client = new Redis(primary?.url ?? '', { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null })
    client.on('error', () => undefined)
    try {
      if (primary !== undefined) {
        const info = await client.info('replication')
        if (/^slave\d+:.*state=online/m.test(info)) return
        last = `${primary.url}: ${/^connected_slaves:\d+/m.exec(info)?.[0] ?? 'no replica'}`
      }
    } catch (error) {
      last = error instanceof Error ? error.message : String(error)
    } finally {
      client.disconnect()
    }
    await sleep(200)
  }
  throw new Error(`the sentinels' primary had no replica online within ${timeoutMs / 1000} s (last: ${last})`)
}

async function startServices(
  t: Test,
  dir: string,
  topology: { stop(): Promise<void> },
  redisEnv: Record<string, string>,
  issuerEnv: Record<string, string>,
  resourceEnv: Record<string, string>,
) {
  const stores = testStores(t.name)
  const issuerUrl = `http://127.0.0.1:${await findFreePort()}`
  const shared = { MONGO_URL: stores.mongoUrl, ...redisEnv, REDIS_KEY_PREFIX: 'deploy:', ISSUER_URL: issuerUrl }
  const logs: LogCapture[] = []
  const capture = () => {
    const logCapture = captureLogs()
    logs.push(logCapture)
    return logCapture.stream
  }
  holdLingerGuard()
  const apps: App[] = []
  // Each step bounded, so a stop that hangs fails the test and says which, instead of a silent file timeout.
  t.teardown(async () => {
    const late = [
      await within('the services to close', Promise.allSettled(apps.reverse().map((app) => app.close()))),
      await within('the Redis topology to stop', topology.stop()),
      await within('the test stores to be cleaned', stores.cleanup()),
    ].filter((what) => what !== undefined)
    await rm(dir, { recursive: true, force: true })
    armLingerGuard()
    if (late.length > 0) throw new Error(`teardown: waited ${TEARDOWN_STEP_MS / 1000} s for ${late.join(', ')}`)
  })
  t.teardown(() => {
    const errors = logs.flatMap((logCapture) => logCapture.serverErrors())
    if (errors.length > 0) throw new Error(`the logs show server errors: ${JSON.stringify(errors.slice(0, 3))}`)
  })
  const issuer = await buildIssuerApp(loadIssuerConfig({ ...shared, BCRYPT_COST: '4', COOKIE_SECURE: 'false', ...issuerEnv }), {
    logLevel: 'info',
    logStream: capture(),
  })
  apps.push(issuer)
  await issuer.listen({ host: '127.0.0.1', port: Number(new URL(issuerUrl).port) })
  const resource = await buildResourceApp(loadResourceConfig({ ...shared, ...resourceEnv }), { logLevel: 'info', logStream: capture() })
  apps.push(resource)
  return { issuer, resource, shared, capture, apps }
}

/** What a load under failover or reshard saw: answers that break the contract (must stay empty), each status's count. */
export interface Tally {
  wrong: string[]
  statuses: Map<number, number>
}

export const newTally = (): Tally => ({ wrong: [], statuses: new Map() })

/** The status `GET /me` answers for the token at the resource service, counted in `tally` when one is given. */
export async function meStatus(resource: App, token: string, tally?: Tally): Promise<number> {
  const status = (await resource.inject({ url: '/me', headers: bearer(token) })).statusCode
  tally?.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1)
  return status
}

/** One session refreshed again and again under load; `uncertain` once a refresh answered 503. */
export interface RefreshChain {
  token: string
  access: string
  uncertain: boolean
}

export const refreshChain = (login: LoginBody): RefreshChain => ({ token: login.refresh_token, access: login.access_token, uncertain: false })

/** The chain's next refresh, unless its fate is unknown already; any status but 200 or 503 goes into `tally.wrong`. */
export async function refreshOnce(issuer: App, chain: RefreshChain, tally: Tally): Promise<void> {
  if (chain.uncertain) return
  const answer = await issuer.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: chain.token } })
  if (answer.statusCode === 200) {
    const body = answer.json<LoginBody>()
    chain.token = body.refresh_token
    chain.access = body.access_token
  } else if (answer.statusCode === 503) {
    // A rotation answered 503 may or may not have happened: this session's fate is no longer known.
    chain.uncertain = true
  } else tally.wrong.push(`a refresh answered ${answer.statusCode}`)
}

const TEARDOWN_STEP_MS = 20_000

/** Waits for `step` at most TEARDOWN_STEP_MS; `what` when it did not settle by then. */
async function within(what: string, step: Promise<unknown>): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(what), TEARDOWN_STEP_MS)
  })
  try {
    return await Promise.race([step.then(() => undefined, () => undefined), late])
  } finally {
    clearTimeout(timer)
  }
}

let counter = 0

/** A new, unique account. */
export function newAccount(): Account {
  counter += 1
  return { email: `deploy${counter}.${process.pid}@example.com`, password: 'correct horse battery' }
}

export { bearer, loginAs, signupAndLogin, type Account, type LoginBody }
