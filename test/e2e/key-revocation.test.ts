import t from 'tap'
import { decodeProtectedHeader } from 'jose'
import { eventually } from '@authpair/test-support'
import { ADMIN, bearer, login, meStatus, startPair } from './harness.js'

const kidOf = (token: string) => decodeProtectedHeader(token).kid!

// Issue 13: the resource service refetches the JWKS every 5 minutes by default; only the Redis announcement can make
// it refuse a revoked key's tokens at once, including those its verified-token cache already holds.
t.test('issue 13: a revoked key is refused by the resource service from the announcement, cache or not', async (t) => {
  const { issuer, resource } = await startPair(t)
  const admin = await login(issuer, ADMIN)
  const victim = await login(issuer)
  t.equal(await meStatus(resource, victim.access), 200, 'verified and cached')
  const oldKid = kidOf(victim.access)
  const revoke = await issuer.inject({ method: 'POST', url: `/admin/keys/${oldKid}/revoke`, headers: bearer(admin.access) })
  t.equal(revoke.statusCode, 200)
  t.ok(await eventually(async () => (await meStatus(resource, victim.access)) === 401, 3000), 'refused after the announcement')
  const refused = await resource.inject({ url: '/me', headers: bearer(victim.access) })
  t.equal(refused.json().code, 'invalid_token')
  const fresh = await login(issuer)
  t.not(kidOf(fresh.access), oldKid, 'new logins use another key')
  t.equal(await meStatus(resource, fresh.access), 200)
  const refreshed = await issuer.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: victim.refresh } })
  t.equal(refreshed.statusCode, 200, 'the session outlives the key')
  t.equal(await meStatus(resource, refreshed.json<{ access_token: string }>().access_token), 200)
  const metrics = (await resource.inject({ url: '/metrics' })).body
  t.match(metrics, /^jwks_fetches_by_cause_total\{cause="start"\} 1$/m)
  t.match(metrics, /^jwks_fetches_by_cause_total\{cause="announcement"\} [1-9]/m, 'the revocation was heard')
})
