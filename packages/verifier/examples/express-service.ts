import express from 'express'
import { createTokenVerifier, remoteKeySource } from '@authpair/verifier'
import { trackedSessionLiveness } from '@authpair/verifier/redis'
import { createVerifierMiddleware } from '@authpair/verifier/express'

export async function buildExpressService(issuerUrl: string, redisUrl: string, keyPrefix?: string) {
  const keys = remoteKeySource(`${issuerUrl}/.well-known/jwks.json`)
  const sessions = trackedSessionLiveness({ url: redisUrl, keyPrefix })
  await sessions.ready()
  const verifier = createTokenVerifier({ keys: keys.getKey, issuer: issuerUrl, audience: 'authpair-api', sessions })
  const { authenticate, requireRole } = createVerifierMiddleware({ verifier })

  const app = express()
  app.get('/hello', authenticate, (req, res) => {
    res.json({ hello: req.principal?.email })
  })
  app.get('/reports', requireRole('admin'), (_req, res) => {
    res.json({ reports: [] })
  })
  const close = async () => {
    keys.close()
    await sessions.close()
  }
  return { app, close }
}
