// Issue 5: infra/docker-compose.yml must be a cluster that starts. With the docker client and its compose plugin on
// this machine, `docker compose config` judges the file; always, this test checks what compose cannot: that every
// variable is one the services read and passes their own config validation, that start order waits on healthchecks,
// and that every file the services mount or build from exists.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { parse } from 'yaml'
import { IssuerEnvSchema, loadIssuerConfig } from '../../services/auth-issuer/src/config.js'
import { ResourceEnvSchema, loadResourceConfig } from '../../services/resource/src/config.js'
import { ForwardAuthEnvSchema, loadForwardAuthConfig } from '../../services/forward-auth/src/config.js'

interface ComposeService {
  image?: string
  build?: { context: string; dockerfile: string }
  environment?: Record<string, string>
  depends_on?: Record<string, { condition: string }>
  healthcheck?: { test: string[] }
  volumes?: string[]
  ports?: string[]
  networks?: string[] | Record<string, unknown>
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const infra = join(root, 'infra')
const composeFile = join(infra, 'docker-compose.yml')
const compose = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as { services: Record<string, ComposeService> }
const services = compose.services
/** Each kind of service: the compose services running it, the variables it reads, its config validation. */
const kinds = [
  { kind: 'issuer', names: ['issuer-1', 'issuer-2'], known: Object.keys(IssuerEnvSchema.properties), load: loadIssuerConfig },
  { kind: 'resource', names: ['resource-1', 'resource-2'], known: Object.keys(ResourceEnvSchema.properties), load: loadResourceConfig },
  { kind: 'forward-auth', names: ['forward-auth'], known: Object.keys(ForwardAuthEnvSchema.properties), load: loadForwardAuthConfig },
] as const

t.test('docker compose config accepts the file, where docker compose is installed', async (t) => {
  const version = spawnSync('docker', ['compose', 'version'], { encoding: 'utf8' })
  if (version.status !== 0) {
    t.comment('docker compose is not installed here: `docker compose config` not run; the structural checks below still are')
    t.pass('nothing to run docker compose with')
    return
  }
  const config = spawnSync('docker', ['compose', '-f', composeFile, 'config', '--quiet'], { encoding: 'utf8' })
  t.equal(config.status, 0, `docker compose config: ${config.stderr}`)
})

t.test('the cluster: stores, two issuers, two resource services, forward-auth, one gateway publishing 8080', async (t) => {
  t.same(Object.keys(services).sort(), ['forward-auth', 'gateway', 'issuer-1', 'issuer-2', 'mailpit', 'mongo', 'redis', 'resource-1', 'resource-2'])
  t.same(services['gateway']?.ports, ['8080:8080'])
  // Issue 14: Mailpit's web inbox is published too; its SMTP port stays on the backend network.
  t.same(services['mailpit']?.ports, ['8025:8025'])
  for (const [name, service] of Object.entries(services)) {
    if (name !== 'gateway' && name !== 'mailpit') t.notOk(service.ports, `${name} publishes no port: only the gateway is reachable`)
  }
})

t.test('every variable is one the service reads, and its config accepts them all', async (t) => {
  for (const { kind, names, known, load } of kinds) {
    for (const name of names) {
      const env = services[name]?.environment ?? {}
      // What the image sets (services/*/Dockerfile) plus compose's environment, with ${VAR:-default} resolved.
      const resolved = Object.fromEntries(Object.entries({ HOST: '0.0.0.0', NODE_ENV: 'production', ...env }).map(([k, v]) => [k, resolveDefault(String(v))]))
      for (const variable of Object.keys(env)) t.ok(known.includes(variable), `${name}: ${variable} is read by the ${kind}`)
      t.doesNotThrow(() => load(resolved), `${name}: the ${kind}'s config validation accepts the environment`)
    }
  }
  const issuer = services['issuer-1']?.environment ?? {}
  const resource = services['resource-1']?.environment ?? {}
  const forwardAuth = services['forward-auth']?.environment ?? {}
  for (const shared of ['MONGO_URL', 'REDIS_URL', 'REDIS_KEY_PREFIX', 'ISSUER_URL', 'TOKEN_AUDIENCE']) {
    t.equal(resource[shared], issuer[shared], `${shared} is the same for issuers and resource services`)
  }
  for (const shared of ['REDIS_URL', 'REDIS_KEY_PREFIX', 'ISSUER_URL', 'TOKEN_AUDIENCE']) {
    t.equal(forwardAuth[shared], issuer[shared], `${shared} is the same for issuers and forward-auth`)
  }
  t.equal(forwardAuth['JWKS_URL'], resource['JWKS_URL'], 'forward-auth fetches the JWKS from the issuers, like the resource services')
})

t.test('start order waits on healthchecks, and every build and mount exists', async (t) => {
  for (const [name, service] of Object.entries(services)) {
    for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
      t.equal(condition, 'service_healthy', `${name} waits until ${dependency} is healthy`)
      const target = services[dependency]
      const dockerfile = target?.build && readFileSync(join(infra, target.build.context, target.build.dockerfile), 'utf8')
      t.ok(target?.healthcheck ?? /^HEALTHCHECK /m.test(dockerfile ?? ''), `${dependency} has a healthcheck`)
    }
    if (service.build) t.ok(existsSync(join(infra, service.build.context, service.build.dockerfile)), `${name}: its Dockerfile exists`)
    for (const volume of service.volumes ?? []) {
      const source = volume.split(':')[0] ?? ''
      if (source.startsWith('.')) t.ok(existsSync(join(infra, source)), `${name} mounts ${source}, which exists`)
    }
  }
})

t.test("the gateway's upstreams are the compose services", async (t) => {
  const nginx = readFileSync(join(infra, 'nginx', 'nginx.conf'), 'utf8')
  const upstreams = [...nginx.matchAll(/^\s*server ([\w-]+):(\d+);/gm)].map((match) => match[1])
  t.ok(upstreams.length >= 4)
  for (const host of upstreams) t.ok(host !== undefined && host in services, `nginx upstream ${host} is a compose service`)
  // Issue 12, item 9: the gateway's auth_request asks forward-auth, not the resource service.
  const verifier = /upstream authpair_verifier \{([^}]*)\}/.exec(nginx)?.[1] ?? ''
  t.same([...verifier.matchAll(/server ([\w-]+:\d+);/g)].map((match) => match[1]), ['forward-auth:4002'], 'auth_request goes to forward-auth')
  t.match(services['gateway']?.depends_on, { 'forward-auth': { condition: 'service_healthy' } }, 'the gateway waits for forward-auth')
})

t.test('the other gateways point at the verifier and the JWKS', async (t) => {
  const traefik = JSON.stringify(parse(readFileSync(join(infra, 'traefik', 'dynamic.yml'), 'utf8')))
  t.match(traefik, /http:\/\/forward-auth:4002\/auth\/verify/, 'Traefik ForwardAuth asks the forward-auth service')
  for (const header of ['X-User-Id', 'X-User-Roles', 'X-Session-Id']) t.match(traefik, header)
  const envoy = JSON.stringify(parse(readFileSync(join(infra, 'envoy', 'envoy.yaml'), 'utf8')))
  t.match(envoy, /\/\.well-known\/jwks\.json/, 'Envoy fetches the JWKS')
  t.match(envoy, /"issuer":"http:\/\/localhost:8080"/, "with the cluster's issuer URL")
  // The Caddy example's addresses default to the compose services (test/gateway runs it with loopback ones).
  const caddy = readFileSync(join(infra, 'caddy', 'Caddyfile'), 'utf8')
  const upstreams = [...caddy.matchAll(/\{\$AUTHPAIR_(?:ISSUERS|FORWARD_AUTH|RESOURCES):([^}]+)\}/g)].flatMap((match) => match[1]?.split(' ') ?? [])
  t.ok(upstreams.includes('forward-auth:4002'), 'Caddy forward_auth asks the forward-auth service')
  for (const upstream of upstreams) t.ok(upstream.split(':')[0]! in services, `Caddy upstream ${upstream} is a compose service`)
  t.match(caddy, /copy_headers X-User-Id X-User-Roles X-Session-Id/)
})

/** Compose's `${NAME:-default}` with NAME unset. */
function resolveDefault(value: string): string {
  return value.replace(/\$\{\w+:-([^}]*)\}/g, '$1')
}
