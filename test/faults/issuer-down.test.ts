// Issue 4, item 5: faults with the real servers stopped and restarted mid-run. With the issuer gone, the resource
// service goes on with the keys it holds and the sessions in Redis: valid tokens pass, logged-out ones do not,
// and a token signed with a key it does not know is refused, never let through and never a 500.
import t from 'tap'
import { SignJWT, decodeJwt, generateKeyPair } from 'jose'
import { bearer, outcome, signupAndLogin, startFaultStack } from './fault-stack.js'
import type { Me } from '@authpair/contract'

t.test('the issuer closed: the resource service keeps verifying with the keys it holds', async (t) => {
  // No cooldown, so the unknown kid below really makes the resource try to refetch the JWKS from the closed issuer.
  const stack = await startFaultStack(t, { resourceEnv: { JWKS_COOLDOWN: '0s' } })
  const { issuer, resource } = stack
  const live = await signupAndLogin(issuer, { email: 'ada@example.com', password: 'issuer outage 1' })
  const gone = await signupAndLogin(issuer, { email: 'bob@example.com', password: 'issuer outage 2' })
  t.equal(outcome(await resource.inject({ url: '/me', headers: bearer(live.access_token) })), '200', 'keys loaded while the issuer is up')
  const logout = await issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(gone.access_token) })
  t.equal(outcome(logout), '204', 'bob logs out before the issuer goes')

  await issuer.close()
  const unreachable = await fetch(`${stack.issuerUrl}/.well-known/jwks.json`).then(() => false, () => true)
  t.ok(unreachable, 'the JWKS cannot be fetched any more')

  const me = await resource.inject({ url: '/me', headers: bearer(live.access_token) })
  t.equal(outcome(me), '200', 'a valid token still verifies with the key held')
  t.equal(me.json<Me>().sub, live.user.id)
  t.equal(outcome(await resource.inject({ url: '/auth/verify', headers: bearer(live.access_token) })), '200', 'forward-auth too')
  const refused = await resource.inject({ url: '/me', headers: bearer(gone.access_token) })
  t.equal(outcome(refused), '401 invalid_token', 'the logout done before the close is still refused')

  // A well-formed token for a live session, signed with a key the issuer never published.
  const stranger = await generateKeyPair('RS256')
  const forged = await new SignJWT(decodeJwt(live.access_token))
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'a-kid-nobody-published' })
    .sign(stranger.privateKey)
  for (const url of ['/me', '/auth/verify']) {
    const response = await resource.inject({ url, headers: bearer(forged) })
    t.comment(`unknown kid at ${url} with the JWKS unreachable: ${outcome(response)}`)
    t.notOk(response.statusCode >= 200 && response.statusCode < 300, `${url}: the unknown kid is not let through`)
    t.ok(response.statusCode < 500 || response.statusCode === 503, `${url}: no 5xx but 503`)
    t.ok(['401 invalid_token', '503 unavailable'].includes(outcome(response)), `${url}: refused with a contract code`)
  }

  // The failed refetch did not drop the keys held.
  t.equal(outcome(await resource.inject({ url: '/me', headers: bearer(live.access_token) })), '200', 'the held key still works after')
  t.equal(outcome(await resource.inject({ url: '/readyz' })), '200', 'still ready: the JWKS was loaded once, Redis and MongoDB answer')

  // The issuer back on its port: the pair goes on, and the unknown kid is plainly invalid.
  await stack.startIssuer()
  const forgedAgain = await resource.inject({ url: '/me', headers: bearer(forged) })
  t.equal(outcome(forgedAgain), '401 invalid_token', 'with the JWKS reachable the unknown kid is 401')
  const back = await stack.issuer.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: live.refresh_token } })
  t.equal(outcome(back), '200', 'the session goes on at the restarted issuer')
})
