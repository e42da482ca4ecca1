import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import type { App } from '@authpair/http'
import { findFreePort, startMongo, startRedis, type ServerHandle } from '@authpair/local-servers'
import { captureLogs, type LogCapture } from '@authpair/test-support'
import { buildIssuerApp } from '../../services/auth-issuer/src/app.js'
import { loadIssuerConfig } from '../../services/auth-issuer/src/config.js'
import { buildResourceApp } from '../../services/resource/src/app.js'
import { loadResourceConfig } from '../../services/resource/src/config.js'

/**
 * The pair on PRIVATE Redis and MongoDB servers that a test may stop and restart (issue 4, item 5). The issuer
 * listens on a fixed loopback port, so a rebuilt issuer keeps its ISSUER_URL and the resource refetches from it.
 */
export interface FaultStack {
  redis: ServerHandle
  mongo: ServerHandle
  issuerUrl: string
  /** The current apps; `startIssuer` / `startResource` replace them. */
  issuer: App
  resource: App
  /** Builds an issuer on the same port and stores, and listens. */
  startIssuer(): Promise<App>
  /** Builds a resource service on the same stores, fetching the JWKS from `issuerUrl`. */
  startResource(): Promise<App>
  /** Closes both apps (the servers keep running). */
  closeApps(): Promise<void>
}

export interface FaultStackOptions {
  issuerEnv?: Record<string, string>
  resourceEnv?: Record<string, string>
}

export async function startFaultStack(t: Test, options: FaultStackOptions = {}): Promise<FaultStack> {
  const dir = await mkdtemp(join(tmpdir(), 'authpair-faults-'))
  const [redis, mongo] = await Promise.all([
    startRedis({ dataDir: join(dir, 'redis') }),
    startMongo({ dataDir: join(dir, 'mongo') }),
  ])
  const port = await findFreePort()
  const issuerUrl = `http://127.0.0.1:${port}`
  const shared = { MONGO_URL: `${mongo.url}/faults`, REDIS_URL: redis.url, REDIS_KEY_PREFIX: 'faults:', ISSUER_URL: issuerUrl }
  const logs: LogCapture[] = []
  const apps = new Set<App>()
  const track = (app: App) => {
    apps.add(app)
    app.addHook('onClose', async () => void apps.delete(app))
    return app
  }
  const capture = () => {
    const capture = captureLogs()
    logs.push(capture)
    return capture.stream
  }

  const stack: FaultStack = {
    redis, mongo, issuerUrl,
    issuer: undefined as unknown as App,
    resource: undefined as unknown as App,
    async startIssuer() {
      const config = loadIssuerConfig({ ...shared, BCRYPT_COST: '4', COOKIE_SECURE: 'false', ...options.issuerEnv })
      stack.issuer = track(await buildIssuerApp(config, { logLevel: 'info', logStream: capture() }))
      await stack.issuer.listen({ host: '127.0.0.1', port })
      return stack.issuer
    },
    async startResource() {
      const config = loadResourceConfig({ ...shared, ...options.resourceEnv })
      stack.resource = track(await buildResourceApp(config, { logLevel: 'info', logStream: capture() }))
      return stack.resource
    },
    async closeApps() {
      // The resource first: it is the issuer's client.
      await stack.resource?.close()
      await stack.issuer?.close()
    },
  }

  t.teardown(async () => {
    await Promise.allSettled([...apps].map((app) => app.close()))
    await Promise.allSettled([redis.stop(), mongo.stop()])
    await rm(dir, { recursive: true, force: true })
  })
  // Registered last, so it runs first: any 5xx but a deliberate 503, or any error-level line, fails the test.
  t.teardown(() => {
    const errors = logs.flatMap((capture) => capture.serverErrors())
    if (errors.length > 0) throw new Error(`the logs show server errors: ${JSON.stringify(errors.slice(0, 3))}`)
  })
  await stack.startIssuer()
  await stack.startResource()
  return stack
}

export interface Account {
  email: string
  password: string
}

export interface LoginBody {
  access_token: string
  refresh_token: string
  session_id: string
  user: { id: string }
}

/** Signs up (once), then logs in. */
export async function signupAndLogin(issuer: App, account: Account): Promise<LoginBody> {
  const signup = await issuer.inject({ method: 'POST', url: '/auth/signup', payload: account })
  if (signup.statusCode !== 201) throw new Error(`signup: ${signup.statusCode} ${signup.body}`)
  return loginAs(issuer, account)
}

export async function loginAs(issuer: App, account: Account): Promise<LoginBody> {
  const response = await issuer.inject({ method: 'POST', url: '/auth/login', payload: account })
  if (response.statusCode !== 200) throw new Error(`login: ${response.statusCode} ${response.body}`)
  return response.json()
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** `status code` of an answer, e.g. `503 unavailable`, so one assertion shows both. */
export function outcome(response: { statusCode: number; body: string }): string {
  let code = ''
  try {
    code = (JSON.parse(response.body) as { code?: string }).code ?? ''
  } catch {
    // Not JSON: the status alone says it.
  }
  return `${response.statusCode} ${code}`.trim()
}

/** Polls `check` until it holds or the deadline passes (recovery has no fixed time, only a bound). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return false
}
