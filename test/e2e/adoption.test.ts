import t from 'tap'
import { buildExampleService } from '../../packages/verifier/examples/fastify-service.js'
import { bearer, login, startPair } from './harness.js'

t.test("the verifier README's Fastify example protects routes and is refused right after logout", async (t) => {
  const { issuer, issuerUrl, stores } = await startPair(t)
  const service = await buildExampleService(issuerUrl, stores.redisAddress, stores.keyPrefix)
  t.teardown(() => service.close())
  const session = await login(issuer)
  const hello = await service.inject({ url: '/hello', headers: bearer(session.access) })
  t.equal(hello.statusCode, 200)
  t.match(hello.json(), { hello: /@example.com$/ })
  t.equal((await service.inject({ url: '/reports', headers: bearer(session.access) })).statusCode, 403)
  const verify = await service.inject({ url: '/auth/verify', headers: bearer(session.access) })
  t.equal(verify.headers['x-user-id'], session.userId)
  await issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(session.access) })
  const after = await service.inject({ url: '/hello', headers: bearer(session.access) })
  t.equal(after.statusCode, 401)
  t.equal(after.headers['www-authenticate'], 'Bearer error="invalid_token"', 'the challenge comes even with Fastify\'s own error handler')
})
