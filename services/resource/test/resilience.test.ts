import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { startRedis } from '@authpair/local-servers'
import { eventually, testStores } from '@authpair/test-support'
import { bearer, startResource } from './helpers.js'

t.test('with the issuer stopped, tokens still verify with the keys held', async (t) => {
  const resource = await startResource(t, { JWKS_COOLDOWN: '0s' })
  const token = await resource.validToken()
  await resource.issuer.stop()
  const response = await resource.app.inject({ url: '/me', headers: bearer(token) })
  t.equal(response.statusCode, 200)
  await resource.issuer.start()
})

t.test('with Redis stopped the service answers 503, never 200 or 401, and recovers by itself', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'resource-redis-'))
  const redis = await startRedis({ dataDir: dir })
  t.teardown(async () => {
    await redis.stop()
    await rm(dir, { recursive: true, force: true })
  })
  const mongoOnly = testStores('resilience')
  const resource = await startResource(t, { REDIS_URL: redis.url, MONGO_URL: mongoOnly.mongoUrl })
  t.teardown(() => mongoOnly.cleanup())
  const token = await resource.validToken()
  t.equal((await resource.app.inject({ url: '/me', headers: bearer(token) })).statusCode, 200)

  await redis.stop()
  for (const url of ['/me', '/auth/verify']) {
    const response = await resource.app.inject({ url, headers: bearer(token) })
    t.equal(response.statusCode, 503, url)
    t.equal(response.json().code, 'unavailable', url)
  }
  t.equal((await resource.app.inject({ url: '/readyz' })).statusCode, 503)

  await redis.restart()
  const recovered = await eventually(async () => (await resource.app.inject({ url: '/me', headers: bearer(token) })).statusCode === 200)
  t.ok(recovered, 'answers 200 again once Redis is back, the session intact')
  t.equal((await resource.app.inject({ url: '/readyz' })).statusCode, 200)
})
