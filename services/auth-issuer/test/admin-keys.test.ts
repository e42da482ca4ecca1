import { writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t, { type Test } from 'tap'
import { decodeProtectedHeader } from 'jose'
import { eventually } from '@authpair/test-support'
import { generatePrivateKeyPem, signingKeyFromPem } from '@authpair/tokens'
import { buildIssuerApp } from '../src/app.js'
import { bearer, signupAndLogin, startIssuer } from './helpers.js'

const ADMIN = { email: 'keys-admin@example.com', password: 'the admin secret' }

async function setup(t: Test, env: Record<string, string> = {}) {
  const issuer = await startIssuer(t, { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...env })
  const admin = await signupAndLogin(issuer.app, ADMIN)
  return { ...issuer, admin }
}

const kidOf = (token: string) => decodeProtectedHeader(token).kid!

t.test('issue 13: GET /admin/keys lists the keys for admins only, without private material', async (t) => {
  const { app, admin } = await setup(t)
  const user = await signupAndLogin(app)
  t.equal((await app.inject({ url: '/admin/keys' })).statusCode, 401)
  const forbidden = await app.inject({ url: '/admin/keys', headers: bearer(user.access_token) })
  t.equal(forbidden.statusCode, 403)
  t.equal(forbidden.json().code, 'forbidden')
  const list = await app.inject({ url: '/admin/keys', headers: bearer(admin.access_token) })
  t.equal(list.statusCode, 200)
  t.match(list.json(), { keys: [{ kid: kidOf(admin.access_token), state: 'current', alg: 'RS256', created_at: String }] })
  t.notMatch(list.body, /private|PRIVATE|"d"/)
})

t.test('issue 13: POST /admin/keys/rotate publishes one next key: 202, then 200 with the same', async (t) => {
  const { app, admin, logs } = await setup(t)
  const first = await app.inject({ method: 'POST', url: '/admin/keys/rotate', headers: bearer(admin.access_token) })
  t.equal(first.statusCode, 202)
  t.match(first.json(), { key: { state: 'next', activates_at: String } })
  const again = await app.inject({ method: 'POST', url: '/admin/keys/rotate', headers: bearer(admin.access_token) })
  t.equal(again.statusCode, 200)
  t.equal(again.json().key.kid, first.json().key.kid)
  const jwks = (await app.inject({ url: '/.well-known/jwks.json' })).json()
  t.same(jwks.keys.map((key: { kid: string }) => key.kid).sort(), [first.json().key.kid, kidOf(admin.access_token)].sort())
  t.equal(kidOf((await signupAndLogin(app)).access_token), kidOf(admin.access_token), 'the next key does not sign yet')
  t.match(logs.entries().filter((entry) => entry.msg === 'signing key transition'), [
    { from: 'none', to: 'current' },
    { kid: first.json().key.kid, from: 'none', to: 'next', why: /rotated by admin/ },
  ])
})

t.test('issue 13: revoking the current key: its tokens are refused, the next key signs, sessions live on', async (t) => {
  const { app, admin, config } = await setup(t)
  const other = await buildIssuerApp(config, { logLevel: false })
  t.teardown(() => other.close())
  const victim = await signupAndLogin(app)
  const oldKid = kidOf(victim.access_token)
  t.equal((await other.inject({ url: '/auth/sessions', headers: bearer(victim.access_token) })).statusCode, 200, 'cached at the other issuer')
  const next = (await app.inject({ method: 'POST', url: '/admin/keys/rotate', headers: bearer(admin.access_token) })).json().key
  const revoked = await app.inject({ method: 'POST', url: `/admin/keys/${oldKid}/revoke`, headers: bearer(admin.access_token) })
  t.equal(revoked.statusCode, 200)
  t.match(revoked.json(), { key: { kid: oldKid, state: 'revoked', revoked_at: String } })
  const jwks = (await app.inject({ url: '/.well-known/jwks.json' })).json()
  t.same(jwks.keys.map((key: { kid: string }) => key.kid), [next.kid], 'it left the JWKS at once')
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(victim.access_token) })).statusCode, 401)
  t.ok(await eventually(async () => (await other.inject({ url: '/auth/sessions', headers: bearer(victim.access_token) })).statusCode === 401, 5000), 'the other issuer refuses it too, cache or not')
  const refreshed = await app.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: victim.refresh_token } })
  t.equal(refreshed.statusCode, 200, 'the session outlives the key')
  t.equal(kidOf(refreshed.json().access_token), next.kid)
  t.equal((await app.inject({ url: '/auth/sessions', headers: bearer(refreshed.json().access_token) })).statusCode, 200)
})

t.test('issue 13: revoke answers 404 for an unknown kid and 400 for a malformed one', async (t) => {
  const { app, admin } = await setup(t)
  const missing = await app.inject({ method: 'POST', url: '/admin/keys/no-such-kid/revoke', headers: bearer(admin.access_token) })
  t.equal(missing.statusCode, 404)
  t.equal(missing.json().code, 'not_found')
  const bad = await app.inject({ method: 'POST', url: '/admin/keys/bad%20kid!/revoke', headers: bearer(admin.access_token) })
  t.equal(bad.statusCode, 400)
})

t.test('issue 13: the only key of SIGNING_KEY_FILE cannot be revoked: 409 key_in_use', async (t) => {
  const pem = await generatePrivateKeyPem()
  const file = join(tmpdir(), `authpair-key-${process.pid}.pem`)
  await writeFile(file, pem, { mode: 0o600 })
  const { app, admin } = await setup(t, { SIGNING_KEY_FILE: file })
  const { kid } = await signingKeyFromPem(pem)
  t.equal(kidOf(admin.access_token), kid)
  const refused = await app.inject({ method: 'POST', url: `/admin/keys/${kid}/revoke`, headers: bearer(admin.access_token) })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'key_in_use')
  t.match((await app.inject({ url: '/admin/keys', headers: bearer(admin.access_token) })).json(), { keys: [{ kid, state: 'current' }] })
})

t.test('issue 13: SIGNING_KEY_FILES: the first key signs, all are published, none is revoked here', async (t) => {
  const pems = [await generatePrivateKeyPem(), await generatePrivateKeyPem()]
  const files = await Promise.all(pems.map(async (pem, index) => {
    const file = join(tmpdir(), `authpair-keys-${process.pid}-${index}.pem`)
    await writeFile(file, pem, { mode: 0o600 })
    return file
  }))
  const [first, second] = await Promise.all(pems.map((pem) => signingKeyFromPem(pem)))
  const { app, admin } = await setup(t, { SIGNING_KEY_FILES: files.join(',') })
  t.equal(kidOf(admin.access_token), first!.kid)
  const jwks = (await app.inject({ url: '/.well-known/jwks.json' })).json()
  t.same(jwks.keys.map((key: { kid: string }) => key.kid), [first!.kid, second!.kid])
  const refused = await app.inject({ method: 'POST', url: `/admin/keys/${second!.kid}/revoke`, headers: bearer(admin.access_token) })
  t.equal(refused.statusCode, 409)
  t.equal(refused.json().code, 'key_in_use')
})

t.test('issue 13: metrics count rotations and revocations and show the current key age', async (t) => {
  const { app, admin } = await setup(t)
  await app.inject({ method: 'POST', url: '/admin/keys/rotate', headers: bearer(admin.access_token) })
  await app.inject({ method: 'POST', url: `/admin/keys/${kidOf(admin.access_token)}/revoke`, headers: bearer(admin.access_token) })
  const metrics = (await app.inject({ url: '/metrics' })).body
  t.match(metrics, /^signing_key_revocations_total 1$/m)
  t.match(metrics, /^signing_key_rotations_total 1$/m, 'the next key became current')
  t.match(metrics, /^signing_key_current_age_seconds [\d.e-]+$/m)
})
