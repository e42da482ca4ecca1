import { join } from 'node:path'
import { spawnChild } from './children.js'
import { settleChain, withBearerTokens, withChainedRefresh, withLogins } from './connections.js'
import { runLoad, type LoadResult } from './load.js'
import type { BenchSettings } from './settings.js'
import { urlOf, type ServerName, type Stack } from './stack.js'
import type { BenchUser } from './users.js'

/** What the targets load with: the running stack and the users and sessions made for the bench. */
export interface TargetContext {
  root: string
  stack: Stack
  settings: BenchSettings
  bcryptCost: number
  users: readonly BenchUser[]
  /** Access tokens of one session per user, for /me and /auth/verify. */
  accessTokens: readonly string[]
  /** The latest refresh token of each refresh connection's session. */
  refreshChain: string[]
}

/** One row of the bench. */
export interface Target {
  name: string
  /** The row whose req/s this one is compared with; absent for a ceiling. */
  ceiling?: string
  /** The server whose event-loop delay is read during the target. */
  server?: ServerName
  /** Whether an unmeasured warm-up comes first. */
  warmup: boolean
  /** Runs with every process free to use every CPU, instead of the server pinned apart (see cpus.ts). */
  allCpus?: boolean
  load(seconds: number): Promise<LoadResult>
  /** After each load, outside the measured window. */
  afterLoad?(): Promise<void>
}

/** The targets in the order they run; each ceiling runs before the rows compared with it. */
export function targets(context: TargetContext): Target[] {
  const { stack, settings } = context
  const connections = settings.connections
  const bearer = () => withBearerTokens(context.accessTokens)
  const get = (server: ServerName, path: string, withToken = true) => (seconds: number) =>
    runLoad({ url: `${urlOf(stack, server)}${path}`, connections, ...(withToken && { setupClient: bearer() }) }, seconds)
  const issuer = urlOf(stack, 'issuer')
  return [
    { name: 'bare', server: 'bare', warmup: true, load: get('bare', '/bare', false) },
    // The resource service's own floor: its GET /healthz goes through every hook but verification.
    { name: 'resource_healthz', ceiling: 'bare', server: 'resource', warmup: true, load: get('resource', '/healthz', false) },
    { name: 'me', ceiling: 'bare', server: 'resource', warmup: true, load: get('resource', '/me') },
    { name: 'verify', ceiling: 'bare', server: 'resource', warmup: true, load: get('resource', '/auth/verify') },
    { name: 'me_strict', ceiling: 'bare', server: 'resource_strict', warmup: true, load: get('resource_strict', '/me') },
    // services/forward-auth: only GET /auth/verify (and health, metrics), what a gateway's auth_request calls.
    { name: 'forward_auth', ceiling: 'bare', server: 'forward_auth', warmup: true, load: get('forward_auth', '/auth/verify') },
    { name: 'peer_jose_exists', ceiling: 'bare', server: 'peer', warmup: true, load: get('peer', '/me') },
    // @authpair/verifier/express against the same Express server's route without it: Express is its own ceiling.
    { name: 'express_bare', server: 'express', warmup: true, load: get('express', '/bare', false) },
    { name: 'express', ceiling: 'express_bare', server: 'express', warmup: true, load: get('express', '/me') },
    {
      name: 'sign_only',
      server: 'sign',
      warmup: true,
      // A body like a refresh's, so the ceiling parses JSON too.
      load: (seconds) => runLoad({ ...jsonPost(`${urlOf(stack, 'sign')}/sign`, connections), body: sampleRefreshBody() }, seconds),
    },
    {
      name: 'refresh',
      ceiling: 'sign_only',
      server: 'issuer',
      warmup: true,
      load: (seconds) => {
        const setupClient = withChainedRefresh(context.refreshChain)
        return runLoad({ ...jsonPost(`${issuer}/auth/refresh`, context.refreshChain.length), setupClient }, seconds)
      },
      afterLoad: async () => {
        const failed = await settleChain(issuer, context.refreshChain)
        if (failed > 0) console.error(`    ${failed} refresh session(s) could not be brought up to date: the chain broke`)
      },
    },
    {
      name: 'login',
      ceiling: 'bcrypt_limit',
      server: 'issuer',
      warmup: true,
      // Hashing is meant to keep every core busy, like bcrypt_limit's; autocannon's share at ~7 req/s is nil.
      allCpus: true,
      load: (seconds) => {
        const setupClient = withLogins(context.users)
        return runLoad({ ...jsonPost(`${issuer}/auth/login`, settings.loginConnections), setupClient }, seconds)
      },
    },
    { name: 'bcrypt_limit', warmup: false, allCpus: true, load: (seconds) => bcryptLimit(context, seconds) },
  ]
}

/**
 * The targets named in `only` and the ceilings they are compared with, in the usual order; all when `only` is empty.
 * @throws Error naming a target that does not exist.
 */
export function selectTargets(all: readonly Target[], only: readonly string[]): Target[] {
  if (only.length === 0) return [...all]
  const unknown = only.filter((name) => !all.some((target) => target.name === name))
  if (unknown.length > 0) {
    throw new Error(`BENCH_ONLY names ${unknown.join(', ')}; the targets are ${all.map((target) => target.name).join(', ')}`)
  }
  const wanted = new Set(only)
  for (const target of all) if (wanted.has(target.name) && target.ceiling !== undefined) wanted.add(target.ceiling)
  return all.filter((target) => wanted.has(target.name))
}

function jsonPost(url: string, connections: number) {
  return { url, connections, method: 'POST' as const, headers: { 'content-type': 'application/json' } }
}

function sampleRefreshBody(): string {
  return JSON.stringify({ refresh_token: `${'s'.repeat(22)}.${'r'.repeat(43)}` })
}

/** Runs the bcrypt child for `seconds` and reads its one line of JSON. */
async function bcryptLimit(context: TargetContext, seconds: number): Promise<LoadResult> {
  const child = spawnChild({
    name: 'bcrypt_limit',
    script: join(context.root, 'scripts', 'bench', 'bcrypt-limit.ts'),
    cwd: context.root,
    ts: true,
    captureStdout: true,
    env: {
      ...process.env,
      BCRYPT_COST: String(context.bcryptCost),
      DURATION_SECONDS: String(seconds),
      BCRYPT_IN_FLIGHT: String(context.settings.bcryptInFlight),
    },
  })
  let output = ''
  child.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk))
  const how = await child.exited
  const line = output.trim().split('\n').pop() ?? ''
  if (how !== 'exit code 0' || line === '') throw new Error(`bcrypt_limit child failed (${how})`)
  const result = JSON.parse(line) as { perSecond: number; p50Ms: number; p99Ms: number }
  return { rps: result.perSecond, p50Ms: result.p50Ms, p99Ms: result.p99Ms, non2xx: 0, errors: 0, statusCodes: {} }
}
