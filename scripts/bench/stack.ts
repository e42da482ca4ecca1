import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findFreePort, startMailpit, startMongo, startRedis, startRedisCluster, type ServerHandle } from '@authpair/local-servers'
import { waitUntilHealthy } from '../stack/health.js'
import { spawnChild, stopAllChildren, type Child } from './children.js'

/** The HTTP servers the bench loads, by name. */
export const SERVER_NAMES = ['issuer', 'resource', 'resource_strict', 'forward_auth', 'bare', 'peer', 'sign', 'express'] as const
export type ServerName = (typeof SERVER_NAMES)[number]

/** Everything the bench started; filled in as it starts, so a failed start can still be stopped. */
export interface Stack {
  dir?: string
  stores: ServerHandle[]
  mongoKind?: string
  urls: Partial<Record<ServerName, string>>
  children: Partial<Record<ServerName, Child>>
}

// High enough that no limit answers 429 during the bench: the limits are per client IP, and every request
// comes from 127.0.0.1.
const UNTHROTTLED = {
  SIGNUP_RATE_LIMIT: '1000000',
  REFRESH_RATE_LIMIT: '100000000',
  LOGIN_MAX_ATTEMPTS: '1000000',
  LOGIN_MAX_ATTEMPTS_PER_IP: '1000000',
  LOGIN_MAX_SUCCESSES_PER_IP: '100000000',
  // The login target measures what bcrypt can do with many logins in flight, all from this one client.
  BCRYPT_QUEUE_WAIT: '60s',
}

export function emptyStack(): Stack {
  return { stores: [], urls: {}, children: {} }
}

/** How the stack starts: the bcrypt cost of the issuer, which servers write a CPU profile, and the sessions' Redis. */
export interface StackOptions {
  bcryptCost: number
  profile: readonly string[]
  redis: 'single' | 'cluster'
}

/** Where BENCH_PROFILE's profiles go. */
export const profileDir = (root: string): string => join(root, '.cache', 'bench-profiles')

/** Private Redis and MongoDB (data in a temp dir), the built services, then the bench's helper servers. */
export async function startStack(root: string, stack: Stack, options: StackOptions): Promise<void> {
  const { bcryptCost } = options
  const unknown = options.profile.filter((name) => !(SERVER_NAMES as readonly string[]).includes(name))
  if (unknown.length > 0) throw new Error(`BENCH_PROFILE names ${unknown.join(', ')}; the servers are ${SERVER_NAMES.join(', ')}`)
  stack.dir = await mkdtemp(join(tmpdir(), 'authpair-bench-'))
  // The issuer mails every signup a verification link: a private inbox takes them, so the bench never writes to the
  // inbox of `pnpm start` (SMTP_URL's default port), and the issuer does not spend the run retrying an absent server.
  const [redis, mongo, mail] = await Promise.allSettled([
    startSessionRedis(stack.dir, options.redis),
    startMongo({ dataDir: join(stack.dir, 'mongo') }),
    startMailpit({ dataDir: join(stack.dir, 'mailpit') }),
  ])
  if (redis.status === 'fulfilled') stack.stores.push(...redis.value.servers)
  if (mongo.status === 'fulfilled') stack.stores.push(mongo.value)
  if (mail.status === 'fulfilled') stack.stores.push(mail.value)
  if (redis.status === 'rejected') throw redis.reason
  if (mongo.status === 'rejected') throw mongo.reason
  if (mail.status === 'rejected') throw mail.reason
  stack.mongoKind = mongo.value.kind
  const stores = { ...redis.value.env, MONGO_URL: `${mongo.value.url}/authpair_bench`, LOG_LEVEL: 'warn' }

  const issuerPort = await findFreePort()
  const ISSUER_URL = `http://127.0.0.1:${issuerPort}`
  const service = (name: string) => ({ cwd: join(root, 'services', name), script: 'dist/server.js' })
  const launch = (name: ServerName, healthPath: string, port: number, spec: Launch) => {
    const nodeArgs = options.profile.includes(name) ? ['--cpu-prof', `--cpu-prof-dir=${profileDir(root)}`] : []
    return launchServer(stack, name, healthPath, port, { ...spec, nodeArgs })
  }
  await launch('issuer', '/healthz', issuerPort, {
    ...service('auth-issuer'),
    env: {
      ...stores,
      ...UNTHROTTLED,
      ISSUER_URL,
      ISSUER_PORT: String(issuerPort),
      SMTP_URL: mail.value.url,
      COOKIE_SECURE: 'false',
      BCRYPT_COST: String(bcryptCost),
      // Longer than any bench, so no token expires mid-run; the lifetime is only a claim, it costs nothing.
      ACCESS_TOKEN_TTL: '2h',
    },
  })
  const resources = [
    ['resource', { VERIFY_MODE: 'tracked' }],
    ['resource_strict', { VERIFY_MODE: 'strict' }],
  ] as const
  for (const [name, mode] of resources) {
    const port = await findFreePort()
    // /readyz: answered 200 only once the issuer's JWKS is loaded, so the first measured request needs no fetch.
    const env = { ...stores, ...mode, ISSUER_URL, RESOURCE_PORT: String(port) }
    await launch(name, '/readyz', port, { ...service('resource'), env })
  }
  // Forward-auth for gateways: Redis and the issuer's JWKS, no MongoDB; tracked liveness by default, like `resource`.
  const forwardAuthPort = await findFreePort()
  const forwardAuthEnv = { ...redis.value.env, LOG_LEVEL: stores.LOG_LEVEL, ISSUER_URL, FORWARD_AUTH_PORT: String(forwardAuthPort) }
  await launch('forward_auth', '/readyz', forwardAuthPort, { ...service('forward-auth'), env: forwardAuthEnv })
  const helper = (file: string) => ({ cwd: root, script: join(root, 'scripts', 'bench', file), ts: true })
  await launch('bare', '/healthz', await findFreePort(), { ...helper('bare-server.ts'), env: { LOG_LEVEL: 'warn' } })
  await launch('peer', '/healthz', await findFreePort(), { ...helper('peer-server.ts'), env: { ...stores, ISSUER_URL } })
  await launch('sign', '/healthz', await findFreePort(), { ...helper('sign-server.ts'), env: { LOG_LEVEL: 'warn' } })
  // Listens only once it has the JWKS and Redis's key-layout marker, so /healthz answering means ready.
  const expressEnv = { ...redis.value.env, ISSUER_URL }
  await launch('express', '/healthz', await findFreePort(), { ...helper('express-server.ts'), env: expressEnv })
}

/** The sessions' Redis (its servers, pinned and stopped like the other stores) and the env that points a service at it. */
async function startSessionRedis(dir: string, mode: StackOptions['redis']): Promise<{ env: Record<string, string>; servers: ServerHandle[] }> {
  if (mode === 'single') {
    const redis = await startRedis({ dataDir: join(dir, 'redis') })
    return { env: { REDIS_URL: redis.url }, servers: [redis] }
  }
  const cluster = await startRedisCluster({ dataDir: join(dir, 'cluster') })
  return { env: { REDIS_CLUSTER_NODES: cluster.nodeAddresses }, servers: [...cluster.nodes] }
}

interface Launch {
  cwd: string
  script: string
  ts?: boolean
  nodeArgs?: readonly string[]
  env: Record<string, string>
}

async function launchServer(stack: Stack, name: ServerName, healthPath: string, port: number, spec: Launch): Promise<void> {
  const url = `http://127.0.0.1:${port}`
  const child = spawnChild({ name, ...spec, env: { ...process.env, ...spec.env, PORT: String(port) } })
  stack.children[name] = child
  await waitUntilHealthy({ name: child.name, url: `${url}${healthPath}`, exited: child.exited })
  stack.urls[name] = url
}

/** The HTTP servers first, so none sees its stores vanish while it serves; then the stores and their data. */
export async function stopStack(stack: Stack): Promise<void> {
  await stopAllChildren()
  await Promise.allSettled(stack.stores.map((store) => store.stop()))
  if (stack.dir !== undefined) await rm(stack.dir, { recursive: true, force: true })
}

/** The URL of a started server. @throws Error when it did not start. */
export function urlOf(stack: Stack, name: ServerName): string {
  const url = stack.urls[name]
  if (url === undefined) throw new Error(`${name} is not running`)
  return url
}
