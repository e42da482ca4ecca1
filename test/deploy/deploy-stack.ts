import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import type { App } from '@authpair/http'
import { findFreePort, startRedisSentinel, type SentinelTopology } from '@authpair/local-servers'
import { captureLogs, testStores, type LogCapture } from '@authpair/test-support'
import { buildIssuerApp } from '../../services/auth-issuer/src/app.js'
import { loadIssuerConfig } from '../../services/auth-issuer/src/config.js'
import { buildResourceApp } from '../../services/resource/src/app.js'
import { loadResourceConfig } from '../../services/resource/src/config.js'
import { bearer, signupAndLogin, type Account, type LoginBody } from '../faults/fault-stack.js'

/** The issuer and the resource service on a private Sentinel set, configured as a deployment would (issue 15). */
export interface SentinelStack {
  set: SentinelTopology
  issuer: App
  resource: App
}

export async function startSentinelStack(t: Test, issuerEnv: Record<string, string> = {}, resourceEnv: Record<string, string> = {}): Promise<SentinelStack> {
  const dir = await mkdtemp(join(tmpdir(), 'authpair-deploy-'))
  const set = await startRedisSentinel({ dataDir: join(dir, 'sentinel') })
  const stores = testStores(t.name)
  const issuerUrl = `http://127.0.0.1:${await findFreePort()}`
  const shared = {
    MONGO_URL: stores.mongoUrl,
    REDIS_SENTINELS: set.sentinelAddresses,
    REDIS_SENTINEL_NAME: set.name,
    REDIS_KEY_PREFIX: 'deploy:',
    ISSUER_URL: issuerUrl,
  }
  const logs: LogCapture[] = []
  const capture = () => {
    const logCapture = captureLogs()
    logs.push(logCapture)
    return logCapture.stream
  }
  const apps: App[] = []
  t.teardown(async () => {
    await Promise.allSettled(apps.reverse().map((app) => app.close()))
    await set.stop()
    await stores.cleanup()
    await rm(dir, { recursive: true, force: true })
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
  return { set, issuer, resource }
}

let counter = 0

/** A new, unique account. */
export function newAccount(): Account {
  counter += 1
  return { email: `deploy${counter}.${process.pid}@example.com`, password: 'correct horse battery' }
}

export { bearer, signupAndLogin, type Account, type LoginBody }
