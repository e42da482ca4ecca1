import type { Test } from 'tap'
import type { App } from '@authpair/http'
import { findFreePort } from '@authpair/local-servers'
import { captureLogs, testStores, type LogCapture, type TestStores } from '@authpair/test-support'
import { buildIssuerApp } from '../../services/auth-issuer/src/app.js'
import { loadIssuerConfig } from '../../services/auth-issuer/src/config.js'
import { buildResourceApp } from '../../services/resource/src/app.js'
import { loadResourceConfig } from '../../services/resource/src/config.js'
import type { TokenPair } from '@authpair/contract'

/** The real pair: an issuer listening on a loopback port, and a resource service that fetches its JWKS over HTTP. */
export interface Pair {
  issuer: App
  resource: App
  issuerUrl: string
  stores: TestStores
  issuerLogs: LogCapture
  resourceLogs: LogCapture
}

export const ADMIN = { email: 'admin@example.com', password: 'admin password 1' }

export async function startPair(t: Test, issuerEnv: Record<string, string> = {}, logLevel = 'info'): Promise<Pair> {
  const stores = testStores(t.name)
  const issuerLogs = captureLogs()
  const resourceLogs = captureLogs()
  const shared = { MONGO_URL: stores.mongoUrl, ...stores.redisEnv, REDIS_KEY_PREFIX: stores.keyPrefix }
  const port = await findFreePort()
  const issuerUrl = `http://127.0.0.1:${port}`
  const issuer = await buildIssuerApp(
    loadIssuerConfig({
      ...shared, BCRYPT_COST: '4', ISSUER_URL: issuerUrl, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...issuerEnv,
    }),
    { logLevel: logLevel, logStream: issuerLogs.stream },
  )
  // Closed even when the resource service fails to start, so a failed start is a failure, not a hang.
  t.teardown(async () => {
    await issuer.close()
    await stores.cleanup()
  })
  await issuer.listen({ host: '127.0.0.1', port })
  const resource = await buildResourceApp(loadResourceConfig({ ...shared, ISSUER_URL: issuerUrl }), {
    logLevel,
    logStream: resourceLogs.stream,
  })
  t.teardown(() => resource.close())
  t.teardown(() => {
    const errors = [...issuerLogs.serverErrors(), ...resourceLogs.serverErrors()]
    if (errors.length > 0) throw new Error(`the logs show server errors: ${JSON.stringify(errors.slice(0, 3))}`)
  })
  return { issuer, resource, issuerUrl, stores, issuerLogs, resourceLogs }
}

export interface Session {
  access: string
  refresh: string
  sessionId: string
  userId: string
}

let counter = 0

export async function login(issuer: App, account?: { email: string; password: string }): Promise<Session> {
  counter += 1
  const credentials = account ?? { email: `e2e${counter}.${process.pid}@example.com`, password: 'e2e password 1' }
  await issuer.inject({ method: 'POST', url: '/auth/signup', payload: credentials })
  const response = await issuer.inject({ method: 'POST', url: '/auth/login', payload: credentials })
  if (response.statusCode !== 200) throw new Error(`login: ${response.statusCode} ${response.body}`)
  const body = response.json<TokenPair>()
  return { access: body.access_token, refresh: body.refresh_token, sessionId: body.session_id, userId: body.user.id }
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` })

/** The status `GET /me` at the resource service answers for a token. */
export async function meStatus(resource: App, token: string): Promise<number> {
  return (await resource.inject({ url: '/me', headers: bearer(token) })).statusCode
}
