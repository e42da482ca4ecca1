import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { findFreePort, startMongo, startRedis, type ServerHandle } from '@authpair/local-servers'
import { startChild, stopChild, waitForStatus, type Child } from './children.js'
import { startEchoUpstream, type EchoUpstream } from './echo-upstream.js'
import { startGateway, type Gateway, type GatewayUpstreams } from './nginx.js'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
/** The routes every gateway here includes: the same file the compose gateway mounts. */
export const ROUTES_FILE = join(ROOT, 'infra/nginx/gateway-routes.conf')
export const ADMIN = { email: 'gateway-admin@example.com', password: 'gateway admin 1' }

/** One service instance, a real `node services/<name>/dist/server.js` process. */
export interface Instance {
  readonly url: string
  readonly child: Child
}

/**
 * Two issuers, two resource services and forward-auth on shared Redis and MongoDB, behind four gateways that include
 * the same routes file, each asking forward-auth for its checks: `gateway` (the real thing), `probe` (its resources
 * are an echo server, to see what upstreams get),
 * `spy` (the echo server is its verifier too, to see the auth subrequest) and `blind` (its verifier is a closed port).
 */
export interface Cluster {
  readonly redis: ServerHandle
  readonly issuers: readonly [Instance, Instance]
  readonly resources: readonly [Instance, Instance]
  /** What every gateway's auth_request asks (services/forward-auth). */
  readonly forwardAuth: Instance
  readonly gateway: Gateway
  readonly probe: Gateway
  readonly spy: Gateway
  readonly blind: Gateway
  readonly echo: EchoUpstream
  /** Stops everything (gateways, services, echo, stores) and removes the temp directory; safe to call twice. */
  stop(): Promise<void>
}

function serviceEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // Nothing inherited but PATH: the services see exactly the variables a deployment would give them.
  return { PATH: process.env['PATH'] ?? '', NODE_ENV: 'production', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...extra }
}

const PORT_VARIABLES = { 'auth-issuer': 'ISSUER_PORT', resource: 'RESOURCE_PORT', 'forward-auth': 'FORWARD_AUTH_PORT' } as const

// In production an issuer needs the secret its signing keys are encrypted under (issue 13), as a deployment gives it.
const SERVICE_SECRETS: Partial<Record<keyof typeof PORT_VARIABLES, Record<string, string>>> = {
  'auth-issuer': { KEY_ENCRYPTION_SECRET: 'gateway tests: the signing keys are encrypted under this' },
}

export function startInstance(service: keyof typeof PORT_VARIABLES, port: number, env: Record<string, string>): Instance {
  const portVariable = PORT_VARIABLES[service]
  const child = startChild(`${service} :${port}`, process.execPath, [`services/${service}/dist/server.js`], {
    cwd: ROOT,
    env: serviceEnv({ ...SERVICE_SECRETS[service], ...env, [portVariable]: String(port) }),
  })
  return { url: `http://127.0.0.1:${port}`, child }
}

export async function startStores(dir: string, stoppers: (() => Promise<void>)[]): Promise<{ redis: ServerHandle; mongo: ServerHandle }> {
  const [redis, mongo] = await Promise.allSettled([startRedis({ dataDir: join(dir, 'redis') }), startMongo({ dataDir: join(dir, 'mongo') })])
  for (const result of [redis, mongo]) if (result.status === 'fulfilled') stoppers.push(() => result.value.stop())
  if (redis.status === 'rejected') throw redis.reason
  if (mongo.status === 'rejected') throw mongo.reason
  return { redis: redis.value, mongo: mongo.value }
}

const PORT_NAMES = ['gatewayPort', 'probePort', 'spyPort', 'blindPort', 'closedPort', 'issuerA', 'issuerB', 'resourceA', 'resourceB', 'forwardAuth'] as const

/** A distinct free loopback port for each name (`closedPort` stays closed: a verifier nobody answers at). */
export async function freePorts<Name extends string>(names: readonly Name[]): Promise<Record<Name, number>> {
  const taken = new Set<number>()
  while (taken.size < names.length) taken.add(await findFreePort())
  const ports = [...taken]
  return Object.fromEntries(names.map((name, index) => [name, ports[index]])) as Record<Name, number>
}

type Ports = Record<(typeof PORT_NAMES)[number], number>
type Stoppers = (() => Promise<void>)[]

/** Both issuers, both resource services and forward-auth, healthy. */
async function startServices(ports: Ports, stores: { redis: ServerHandle; mongo: ServerHandle }, stoppers: Stoppers) {
  // Shared by all five: the same Redis and key prefix, the gateway's URL as `iss`, nginx on loopback as the one
  // trusted proxy; all but forward-auth share MongoDB too.
  const verifierShared = {
    REDIS_URL: stores.redis.url,
    REDIS_KEY_PREFIX: 'gateway-test:',
    ISSUER_URL: `http://127.0.0.1:${ports.gatewayPort}`,
    TRUST_PROXY: '127.0.0.1',
  }
  const shared = { ...verifierShared, MONGO_URL: `${stores.mongo.url}/authpair_gateway` }
  const issuerEnv = { ...shared, BCRYPT_COST: '4', COOKIE_SECURE: 'false' }
  const issuers = [
    startInstance('auth-issuer', ports.issuerA, { ...issuerEnv, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password }),
    startInstance('auth-issuer', ports.issuerB, issuerEnv),
  ] as const
  // Each resource fetches the JWKS from "its" issuer directly, as in compose (not through the gateway).
  const resources = [
    startInstance('resource', ports.resourceA, { ...shared, JWKS_URL: `${issuers[0].url}/.well-known/jwks.json` }),
    startInstance('resource', ports.resourceB, { ...shared, JWKS_URL: `${issuers[1].url}/.well-known/jwks.json` }),
  ] as const
  const forwardAuth = startInstance('forward-auth', ports.forwardAuth, { ...verifierShared, JWKS_URL: `${issuers[0].url}/.well-known/jwks.json` })
  const all = [...issuers, ...resources, forwardAuth]
  for (const instance of all) stoppers.push(() => stopChild(instance.child))
  await Promise.all(all.map((instance) => waitForStatus(instance.child, `${instance.url}/healthz`)))
  return { issuers, resources, forwardAuth }
}

/** The four gateways, answering. */
async function startGateways(nginx: string, dir: string, ports: Ports, echo: EchoUpstream, stoppers: Stoppers) {
  const real: GatewayUpstreams = {
    issuers: [ports.issuerA, ports.issuerB],
    verifier: [ports.forwardAuth],
    resources: [ports.resourceA, ports.resourceB],
  }
  const start = (name: string, port: number, upstreams: GatewayUpstreams) => {
    const gateway = startGateway(nginx, { dir: join(dir, name), port, upstreams, routesFile: ROUTES_FILE })
    stoppers.push(() => gateway.stop())
    return gateway
  }
  const gateways = {
    gateway: start('gateway', ports.gatewayPort, real),
    probe: start('probe', ports.probePort, { ...real, resources: [echo.port] }),
    spy: start('spy', ports.spyPort, { ...real, verifier: [echo.port], resources: [echo.port] }),
    blind: start('blind', ports.blindPort, { ...real, verifier: [ports.closedPort] }),
  }
  await Promise.all(Object.values(gateways).map((g) => waitForStatus(g.child, `${g.url}/.well-known/openid-configuration`)))
  return gateways
}

/** Starts the whole cluster; on any failure, stops what did start before rethrowing. */
export async function startCluster(nginx: string): Promise<Cluster> {
  const dir = await mkdtemp(join(tmpdir(), 'authpair-gateway-'))
  await chmod(dir, 0o755)
  // Stopped in reverse start order: gateways first, stores last.
  const stoppers: Stoppers = []
  let stopped: Promise<void> | undefined
  const stop = () =>
    (stopped ??= (async () => {
      for (const stopOne of stoppers.reverse()) await stopOne().catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    })())
  try {
    const stores = await startStores(dir, stoppers)
    const ports = await freePorts(PORT_NAMES)
    const { issuers, resources, forwardAuth } = await startServices(ports, stores, stoppers)
    const echo = await startEchoUpstream()
    stoppers.push(() => echo.close())
    const gateways = await startGateways(nginx, dir, ports, echo, stoppers)
    return { redis: stores.redis, issuers, resources, forwardAuth, ...gateways, echo, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
