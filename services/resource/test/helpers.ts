import type { Test } from 'tap'
import type { App } from '@authpair/http'
import { createRedisSessionStore } from '@authpair/sessions'
import { startVerifyingService, type VerifyingService } from '@authpair/test-support'
import { buildResourceApp } from '../src/app.js'
import { loadResourceConfig, type ResourceConfig } from '../src/config.js'

export { AUDIENCE, USER_ID, bearer } from '@authpair/test-support'

export type TestResource = VerifyingService<ResourceConfig, App>

/** The resource service on isolated stores, trusting a stand-in issuer (see @authpair/test-support). */
export async function startResource(t: Test, env: Record<string, string> = {}): Promise<TestResource> {
  return startVerifyingService(t, {
    async build({ stores, issuer, logs }) {
      const config = loadResourceConfig({
        MONGO_URL: stores.mongoUrl,
        REDIS_URL: stores.redisUrl,
        REDIS_KEY_PREFIX: stores.keyPrefix,
        ISSUER_URL: issuer.url,
        ...env,
      })
      await issuer.markRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX)
      return { config, app: await buildResourceApp(config, { logLevel: 'info', logStream: logs.stream }) }
    },
    sessions: createRedisSessionStore,
  })
}
