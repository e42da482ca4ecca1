import t from 'tap'
import type { App } from '@authpair/http'
import { bearer, login, startPair } from './harness.js'

/** The value of one sample of the Prometheus text, 0 when absent. */
async function sample(app: App, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = (await app.inject({ url: '/metrics' })).body
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`)
  const isSample = (l: string) => l.startsWith(`${name}{`) || l.startsWith(`${name} `)
  const line = text.split('\n').find((l) => isSample(l) && wanted.every((w) => l.includes(w)))
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0
}

t.test('/metrics counters move with the end-to-end flow', async (t) => {
  const { issuer, resource } = await startPair(t, { REFRESH_REUSE_GRACE: '0s' })
  const metrics = await issuer.inject({ url: '/metrics' })
  t.equal(metrics.statusCode, 200)
  t.match(metrics.headers['content-type'], /^text\/plain/)

  const session = await login(issuer)
  await issuer.inject({ method: 'POST', url: '/auth/login', payload: { email: 'nobody@example.com', password: 'wrong pass' } })
  t.equal(await sample(issuer, 'logins_total', { outcome: 'success' }), 1)
  t.equal(await sample(issuer, 'logins_total', { outcome: 'invalid_credentials' }), 1)

  await resource.inject({ url: '/me', headers: bearer(session.access) })
  t.equal(await sample(resource, 'http_request_duration_seconds_count', { route: '/me', status: '200' }), 1)
  t.ok((await sample(resource, 'jwks_fetches_total', { outcome: 'ok' })) >= 1)

  await issuer.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: session.refresh } })
  await new Promise((resolve) => setTimeout(resolve, 5))
  await issuer.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: session.refresh } })
  t.equal(await sample(issuer, 'refreshes_total', { outcome: 'success' }), 1)
  t.equal(await sample(issuer, 'refreshes_total', { outcome: 'invalid_refresh_token' }), 1)
  t.equal(await sample(issuer, 'refresh_reuse_detections_total'), 1)
  t.equal(await sample(issuer, 'session_revocations_total', { reason: 'refresh_reuse' }), 1)

  const other = await login(issuer)
  await issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(other.access) })
  t.equal(await sample(issuer, 'session_revocations_total', { reason: 'logout' }), 1)
  t.ok((await sample(issuer, 'http_request_duration_seconds_count', { route: '/auth/login' })) >= 2)
})
