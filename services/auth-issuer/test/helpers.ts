import type { Test } from 'tap'
import type { App } from '@authpair/http'
import { captureLogs, testStores, type LogCapture, type TestStores } from '@authpair/test-support'
import { buildIssuerApp, type BuildIssuerOptions } from '../src/app.js'
import { loadIssuerConfig, type IssuerConfig } from '../src/config.js'

export interface TestIssuer {
  app: App
  config: IssuerConfig
  stores: TestStores
  logs: LogCapture
}

/** Issuer settings for tests: its own database and key prefix, a cheap bcrypt cost, logs off. */
export function testIssuerConfig(stores: TestStores, env: Record<string, string> = {}): IssuerConfig {
  return loadIssuerConfig({
    MONGO_URL: stores.mongoUrl,
    REDIS_URL: stores.redisUrl,
    REDIS_KEY_PREFIX: stores.keyPrefix,
    BCRYPT_COST: '4',
    KEY_ENCRYPTION_SECRET: 'test key encryption secret, 32+ characters',
    ...env,
  })
}

/** Fails the test if the logs show an answer of 500 or more (503 aside) or an error logged. */
export function expectNoServerErrors(t: Test, logs: LogCapture): void {
  t.teardown(() => {
    const errors = logs.serverErrors()
    if (errors.length > 0) throw new Error(`the logs show server errors: ${JSON.stringify(errors.slice(0, 3))}`)
  })
}

/** Builds an issuer on fresh stores, its logs captured; closes it and drops its data when the test ends. */
export async function startIssuer(t: Test, env: Record<string, string> = {}, options: BuildIssuerOptions = {}): Promise<TestIssuer> {
  const stores = testStores(t.name)
  const config = testIssuerConfig(stores, env)
  const logs = captureLogs()
  const app = await buildIssuerApp(config, { logLevel: 'info', logStream: logs.stream, ...options })
  t.teardown(async () => {
    await app.close()
    await stores.cleanup()
  })
  expectNoServerErrors(t, logs)
  return { app, config, stores, logs }
}

export interface Account {
  email: string
  password: string
}

let counter = 0

/** A new, unique account's credentials. */
export function newAccount(prefix = 'user'): Account {
  counter += 1
  return { email: `${prefix}${counter}.${process.pid}@example.com`, password: 'correct horse battery' }
}

export interface LoginBody {
  access_token: string
  refresh_token: string
  session_id: string
  expires_in: number
  refresh_expires_in: number
  token_type: string
  user: { id: string; email: string; roles: string[]; email_verified: boolean }
}

/** Signs up (ignoring "taken") and logs in; returns the login body. */
export async function signupAndLogin(app: App, account: Account = newAccount(), userAgent = 'tap'): Promise<LoginBody> {
  await app.inject({ method: 'POST', url: '/auth/signup', payload: account })
  const login = await app.inject({ method: 'POST', url: '/auth/login', payload: account, headers: { 'user-agent': userAgent } })
  if (login.statusCode !== 200) throw new Error(`login failed: ${login.statusCode} ${login.body}`)
  return login.json<LoginBody>()
}

/** `Authorization: Bearer` header for a token. */
export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` }
}
