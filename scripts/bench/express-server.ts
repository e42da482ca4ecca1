// The `express_bare` ceiling and the `express` row: one Express 5 server (its defaults, no logger), in a process like
// the other helpers. GET /bare answers `{"ok":true}` and nothing else; GET /me is the same kind of route behind
// @authpair/verifier/express's `authenticate`, with tracked liveness (@authpair/verifier/redis) as the resource
// service's default, answering like the resource service's GET /me. It listens only once the issuer's JWKS is loaded
// and Redis holds the issuer's key-layout marker, so the first measured request needs no fetch.
import express from 'express'
import { createTokenVerifier, DEFAULT_KEY_PREFIX, remoteKeySource } from '@authpair/verifier'
import { createVerifierMiddleware } from '@authpair/verifier/express'
import { formatRedisAddress, readRedisTarget, trackedSessionLiveness } from '@authpair/verifier/redis'
import { closeOnSignal, createMetricsText, listenPort, METRICS_CONTENT_TYPE, required } from './helper-process.js'

const issuer = required('ISSUER_URL').replace(/\/+$/, '')
const keys = remoteKeySource(`${issuer}/.well-known/jwks.json`)
const sessions = trackedSessionLiveness({ url: formatRedisAddress(readRedisTarget(process.env)), keyPrefix: process.env['REDIS_KEY_PREFIX'] ?? DEFAULT_KEY_PREFIX })
await Promise.all([keys.refresh(), sessions.ready()])
const verifier = createTokenVerifier({ keys: keys.getKey, issuer, audience: process.env['TOKEN_AUDIENCE'] ?? 'authpair-api', sessions })
const { authenticate } = createVerifierMiddleware({ verifier })
const metricsText = createMetricsText()

const app = express()
app.get('/healthz', (_req, res) => {
  res.json({ status: 'ok' })
})
app.get('/metrics', (_req, res) => {
  res.type(METRICS_CONTENT_TYPE).send(metricsText())
})
app.get('/bare', (_req, res) => {
  res.json({ ok: true })
})
app.get('/me', authenticate, (req, res) => {
  // `authenticate` calls the route only with a verified principal; refusals (401, 503) it answers itself.
  const { userId, sessionId, email, roles } = req.principal!
  res.json({ sub: userId, sid: sessionId, email, roles })
})

const server = app.listen(listenPort(), '127.0.0.1')
closeOnSignal(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()))
  keys.close()
  await sessions.close()
})
