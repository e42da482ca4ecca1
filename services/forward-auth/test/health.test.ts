// Issue 12, item 9: forward-auth's readiness is Redis and the issuer's keys; without either it answers 503, never a
// 200 or a 401 that would let a gateway pass or refuse on a guess.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { findFreePort, startRedis } from '@authpair/local-servers'
import { StoreConnectError } from '@authpair/stores'
import { StartupError } from '@authpair/errors'
import { eventually, testStores } from '@authpair/test-support'
import { buildForwardAuthApp } from '../src/app.js'
import { loadForwardAuthConfig } from '../src/config.js'
import { bearer, startForwardAuth } from './helpers.js'

t.test('/readyz is 503 naming jwks until the issuer\'s keys were loaded once', async (t) => {
  const closed = await findFreePort()
  const service = await startForwardAuth(t, { JWKS_URL: `http://127.0.0.1:${closed}/.well-known/jwks.json` })
  t.equal((await service.app.inject({ url: '/healthz' })).statusCode, 200, 'the process is up')
  const ready = await service.app.inject({ url: '/readyz' })
  t.equal(ready.statusCode, 503)
  t.match(ready.json(), { code: 'unavailable', message: /jwks/ })
  const verify = await service.app.inject({ url: '/auth/verify', headers: bearer(await service.validToken()) })
  t.equal(verify.statusCode, 503, 'no keys: 503, not a 401 the gateway would pass on as a refusal')
  t.equal(verify.json().code, 'unavailable')
})

for (const mode of ['tracked', 'strict'] as const) {
  t.test(`${mode}: Redis stopped: /auth/verify and /readyz answer 503, and recover by themselves`, async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'forward-auth-redis-'))
    const redis = await startRedis({ dataDir: dir })
    t.teardown(async () => {
      await redis.stop()
      await rm(dir, { recursive: true, force: true })
    })
    const service = await startForwardAuth(t, { REDIS_URL: redis.url, VERIFY_MODE: mode })
    const token = await service.validToken()
    t.equal((await service.app.inject({ url: '/auth/verify', headers: bearer(token) })).statusCode, 200)

    await redis.stop()
    const down = await service.app.inject({ url: '/auth/verify', headers: bearer(token) })
    t.equal(down.statusCode, 503)
    t.match(down.json(), { statusCode: 503, code: 'unavailable' })
    t.notOk(down.headers['x-user-id'])
    const ready = await service.app.inject({ url: '/readyz' })
    t.equal(ready.statusCode, 503)
    t.match(ready.json().message, /redis/)

    await redis.restart()
    const back = await eventually(async () => (await service.app.inject({ url: '/auth/verify', headers: bearer(token) })).statusCode === 200)
    t.ok(back, 'answers 200 again once Redis is back, the session intact')
    t.equal((await service.app.inject({ url: '/readyz' })).statusCode, 200)
  })
}

t.test('no Redis at start: it refuses to start, naming REDIS_URL', async (t) => {
  const closed = await findFreePort()
  const config = loadForwardAuthConfig({ REDIS_URL: `redis://127.0.0.1:${closed}` })
  await t.rejects(buildForwardAuthApp(config, { logLevel: false }), StoreConnectError)
  await t.rejects(buildForwardAuthApp(config, { logLevel: false }), /Cannot reach Redis at .* \(REDIS_URL\)/)
})

for (const mode of ['strict', 'tracked'] as const) {
  t.test(`issue 12: a REDIS_KEY_PREFIX no issuer writes under refuses to start (${mode}), not every token as revoked`, async (t) => {
    const stores = testStores('wrongprefix')
    t.teardown(() => stores.cleanup())
    const config = loadForwardAuthConfig({
      REDIS_URL: stores.redisUrl, REDIS_KEY_PREFIX: `${stores.keyPrefix}typo:`, VERIFY_MODE: mode, KEY_LAYOUT_WAIT: '1s',
    })
    const error = await buildForwardAuthApp(config, { logLevel: false }).catch((e: unknown) => e)
    t.ok(error instanceof StartupError, 'a start-up error, printed without a stack')
    t.match((error as Error).message, /REDIS_KEY_PREFIX/)
    t.match((error as Error).message, new RegExp(`${stores.keyPrefix}typo:layout`))
  })
}
