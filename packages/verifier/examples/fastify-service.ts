import Fastify from 'fastify'
import { createTokenVerifier, remoteKeySource } from '@authpair/verifier'
import { trackedSessionLiveness } from '@authpair/verifier/redis'
import { forwardAuthRoute, verifierPlugin } from '@authpair/verifier/fastify'

export async function buildExampleService(issuerUrl: string, redisUrl: string, keyPrefix?: string) {
  const app = Fastify()
  const keys = remoteKeySource(`${issuerUrl}/.well-known/jwks.json`)
  const sessions = trackedSessionLiveness({ url: redisUrl, keyPrefix })
  await sessions.ready()
  const verifier = createTokenVerifier({ keys: keys.getKey, issuer: issuerUrl, audience: 'authpair-api', sessions })
  await app.register(verifierPlugin, { verifier })
  await app.register(forwardAuthRoute)
  app.get('/hello', { onRequest: app.authenticate }, async (request) => ({ hello: request.principal!.email }))
  app.get('/reports', { onRequest: app.requireRole('admin') }, async () => ({ reports: [] }))
  app.addHook('onClose', async () => {
    keys.close()
    await sessions.close()
  })
  return app
}
