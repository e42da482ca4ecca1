import t from 'tap'
import { ADMIN, bearer, login, startPair } from './harness.js'
import type { TokenPair } from '@authpair/contract'

t.test('a full run at trace level logs request ids and outcomes, never a secret', async (t) => {
  const pair = await startPair(t, { REFRESH_REUSE_GRACE: '0s' }, 'trace')
  const { issuer, resource } = pair
  const account = { email: 'leak.check@example.com', password: 'Sup3r secret passphrase' }
  await issuer.inject({ method: 'POST', url: '/auth/signup', payload: account })
  await issuer.inject({ method: 'POST', url: '/auth/login', payload: { ...account, password: 'wrong Sup3r guess' } })
  const session = await login(issuer, account)
  const admin = await login(issuer, ADMIN)
  const rotated = (await issuer.inject({ method: 'POST', url: '/auth/refresh', cookies: { refresh_token: session.refresh } })).json<TokenPair>()
  await new Promise((resolve) => setTimeout(resolve, 5))
  await issuer.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: session.refresh } })
  await resource.inject({ url: '/me', headers: bearer(rotated.access_token) })
  await resource.inject({ url: '/me', cookies: { access_token: session.access } })
  await resource.inject({ url: '/auth/verify', headers: bearer(admin.access) })
  await issuer.inject({
    method: 'POST',
    url: '/auth/password',
    headers: bearer(admin.access),
    payload: { current_password: ADMIN.password, new_password: 'Brand new admin secret' },
  })
  await issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(rotated.access_token) })
  await issuer.inject({ method: 'POST', url: '/auth/logout', payload: { refresh_token: admin.refresh } })

  const logs = pair.issuerLogs.text() + pair.resourceLogs.text()
  // Issue 13: the stored key is AES-256-GCM ciphertext; neither it nor (so) the key may reach a log.
  const keyDoc = await issuer.stores.db.collection<{ private_key: { data: string } }>('signing_keys').findOne({})
  const keyBody = keyDoc!.private_key.data.slice(0, 64)
  const secrets: [string, string][] = [
    ['a password', account.password],
    ['a wrong password', 'wrong Sup3r guess'],
    ['the admin password', ADMIN.password],
    ['a new password', 'Brand new admin secret'],
    ['an access token', session.access],
    ['an access token signature', session.access.split('~')[2]!],
    // Layout 2 (issue 15): a refresh token is <user>~<session>~<secret>; the first two parts are ids, fine in logs.
    ['a refresh token secret', session.refresh.split('~')[2]!],
    ['a rotated refresh token secret', rotated.refresh_token.split('~')[2]!],
    ['private key material', keyBody],
    ['a PEM header', 'PRIVATE KEY'],
    ['a bcrypt hash', '$2b$'],
  ]
  for (const [label, secret] of secrets) t.notOk(logs.includes(secret), `no ${label} in the logs`)
  t.ok(logs.length > 2000, 'the logs were captured')
  const entries = [...pair.issuerLogs.entries(), ...pair.resourceLogs.entries()]
  const completed = entries.filter((entry) => entry.msg === 'request completed')
  t.ok(completed.length >= 10, 'every request logs its outcome')
  t.ok(completed.every((entry) => typeof entry.request_id === 'string' && typeof entry.res?.statusCode === 'number'))
  t.ok(entries.some((entry) => entry.msg === 'refresh token reuse: session revoked'), 'security events are logged')
})
