import type { Test } from 'tap'
import type { App } from '@authpair/http'
import { createRedisSessionStore } from '@authpair/sessions'
import { startVerifyingService, type VerifyingService } from '@authpair/test-support'
import { buildForwardAuthApp } from '../src/app.js'
import { loadForwardAuthConfig, type ForwardAuthConfig } from '../src/config.js'

import { USER_ID } from '@authpair/test-support'

export { USER_ID, bearer } from '@authpair/test-support'

export type TestForwardAuth = VerifyingService<ForwardAuthConfig, App> & {
  /** Ends a session (of USER_ID unless told) as the issuer's logout does. */
  logout(sessionId: string, userId?: string): Promise<void>
}

/** The forward-auth service on an isolated Redis prefix, trusting a stand-in issuer (see @authpair/test-support). */
export async function startForwardAuth(t: Test, env: Record<string, string> = {}): Promise<TestForwardAuth> {
  const service = await startVerifyingService(t, {
    async build({ stores, issuer, logs }) {
      const config = loadForwardAuthConfig({ REDIS_URL: stores.redisUrl, REDIS_KEY_PREFIX: stores.keyPrefix, ISSUER_URL: issuer.url, ...env })
      await issuer.markRedis(config.REDIS_URL, config.REDIS_KEY_PREFIX)
      return { config, app: await buildForwardAuthApp(config, { logLevel: 'info', logStream: logs.stream }) }
    },
    sessions: createRedisSessionStore,
  })
  const sessions = createRedisSessionStore(service.redis, service.config.REDIS_KEY_PREFIX)
  return {
    ...service,
    async logout(sessionId, userId) {
      if (!(await sessions.revoke(sessionId, userId ?? USER_ID))) throw new Error(`no live session ${sessionId}`)
    },
  }
}
