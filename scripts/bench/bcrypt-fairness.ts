// Issue 11: how much one client hammering POST /auth/password slows another user's login. Starts a private Redis
// and MongoDB and the built issuer (loopback only, TRUST_PROXY=127.0.0.1 so X-Forwarded-For tells the two
// clients apart), times FAIRNESS_LOGINS sequential logins of one user alone, then again while another client keeps
// FAIRNESS_CONNECTIONS password changes (right current password: each a verify and a hash) in flight with one
// token, and prints both and their ratio. Bounded: a fixed number of logins, and a 120 s deadline for it all.
// Run: pnpm build && node --import tsx scripts/bench/bcrypt-fairness.ts   (BCRYPT_COST, default 12)
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { findFreePort, startMongo, startRedis, type ServerHandle } from '@authpair/local-servers'
import { waitUntilHealthy } from '../stack/health.js'
import { killAllChildren, spawnChild, stopAllChildren } from './children.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const logins = Number(process.env['FAIRNESS_LOGINS'] ?? '10')
const connections = Number(process.env['FAIRNESS_CONNECTIONS'] ?? '12')
const cost = process.env['BCRYPT_COST'] ?? '12'
const VICTIM_IP = '198.51.100.7'
const ATTACKER_IP = '203.0.113.66'

async function post(base: string, path: string, ip: string, body: unknown, token?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'x-forwarded-for': ip }
  if (token !== undefined) headers['authorization'] = `Bearer ${token}`
  return fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body), signal: AbortSignal.timeout(30_000) })
}

/** Sends a request and reads its answer: the status, or 0 when the connection failed (the server's 10 s timeout). */
async function statusOf(request: Promise<Response>): Promise<number> {
  try {
    const answer = await request
    await answer.arrayBuffer()
    return answer.status
  } catch {
    return 0
  }
}

/** Times `logins` sequential logins; a login that does not answer 200 counts with the time it took. */
async function loginTimes(base: string, user: { email: string; password: string }, failures: number[] = []): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < logins; i++) {
    const started = performance.now()
    const status = await statusOf(post(base, '/auth/login', VICTIM_IP, user))
    if (status !== 200) failures.push(status)
    times.push(performance.now() - started)
  }
  return times
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
const ms = (value: number) => Math.round(value)

async function measure(base: string): Promise<void> {
  const victim = { email: 'victim@example.com', password: 'victim password 1' }
  const attacker = { email: 'attacker@example.com', password: 'attacker password 1' }
  for (const [user, ip] of [[victim, VICTIM_IP], [attacker, ATTACKER_IP]] as const) {
    if ((await post(base, '/auth/signup', ip, user)).status !== 201) throw new Error('signup failed')
  }
  const token = ((await (await post(base, '/auth/login', ATTACKER_IP, attacker)).json()) as { access_token: string }).access_token
  await loginTimes(base, victim) // warm-up
  const alone = await loginTimes(base, victim)
  let hammering = true
  const statuses = new Map<number, number>()
  const change = { current_password: attacker.password, new_password: attacker.password }
  const hammer = async () => {
    while (hammering) {
      const status = await statusOf(post(base, '/auth/password', ATTACKER_IP, change, token))
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    }
  }
  const load = Promise.all(Array.from({ length: connections }, hammer))
  await new Promise((done) => setTimeout(done, 1000))
  const failedLogins: number[] = []
  const loaded = await loginTimes(base, victim, failedLogins)
  hammering = false
  await load
  const result = {
    bcryptCost: Number(cost), logins, connections,
    aloneMs: { median: ms(median(alone)), max: ms(Math.max(...alone)) },
    loadedMs: { median: ms(median(loaded)), max: ms(Math.max(...loaded)) },
    ratio: Math.round((median(loaded) / median(alone)) * 100) / 100,
    // Statuses other than 200 of the measured logins, and the attacker's answers by status (0: connection failed).
    failedLogins,
    attackerAnswers: Object.fromEntries(statuses),
  }
  console.log(JSON.stringify(result))
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'authpair-fairness-'))
  const stores: ServerHandle[] = []
  const deadline = setTimeout(() => {
    console.error('bcrypt-fairness: over 120 s, stopping')
    killAllChildren()
    process.exit(1)
  }, 120_000)
  try {
    const redis = await startRedis({ dataDir: join(dir, 'redis') })
    stores.push(redis)
    const mongo = await startMongo({ dataDir: join(dir, 'mongo') })
    stores.push(mongo)
    const port = await findFreePort()
    const base = `http://127.0.0.1:${port}`
    const env = {
      ...process.env, REDIS_URL: redis.url, MONGO_URL: `${mongo.url}/authpair_fairness`, LOG_LEVEL: 'warn',
      ISSUER_URL: base, ISSUER_PORT: String(port), BCRYPT_COST: cost, TRUST_PROXY: '127.0.0.1',
    }
    const issuer = spawnChild({ name: 'issuer', cwd: join(root, 'services', 'auth-issuer'), script: 'dist/server.js', env })
    await waitUntilHealthy({ name: 'issuer', url: `${base}/healthz`, exited: issuer.exited })
    await measure(base)
  } finally {
    clearTimeout(deadline)
    await stopAllChildren()
    await Promise.allSettled(stores.map((store) => store.stop()))
    await rm(dir, { recursive: true, force: true })
  }
}

process.on('exit', killAllChildren)
await main()
