import t from 'tap'
import { testStores } from '@authpair/test-support'
import { buildIssuerApp } from '../src/app.js'
import { bearer, signupAndLogin, testIssuerConfig } from './helpers.js'

t.test('a restarted issuer keeps its keys, and its sessions and tokens still work', async (t) => {
  const stores = testStores('restart')
  t.teardown(() => stores.cleanup())
  const config = testIssuerConfig(stores)
  const first = await buildIssuerApp(config, { logLevel: false })
  const jwksBefore = (await first.inject({ url: '/.well-known/jwks.json' })).json()
  const login = await signupAndLogin(first)
  await first.close()

  const second = await buildIssuerApp(config, { logLevel: false })
  t.teardown(() => second.close())
  t.same((await second.inject({ url: '/.well-known/jwks.json' })).json(), jwksBefore)
  t.equal((await second.inject({ url: '/auth/sessions', headers: bearer(login.access_token) })).statusCode, 200)
  const refresh = await second.inject({ method: 'POST', url: '/auth/refresh', payload: { refresh_token: login.refresh_token } })
  t.equal(refresh.statusCode, 200)
})

t.test('two issuers starting at once on one database agree on one key and accept each other\'s tokens', async (t) => {
  const stores = testStores('twins')
  t.teardown(() => stores.cleanup())
  const config = testIssuerConfig(stores)
  const [a, b] = await Promise.all([buildIssuerApp(config, { logLevel: false }), buildIssuerApp(config, { logLevel: false })])
  t.teardown(async () => {
    await a.close()
    await b.close()
  })
  const jwksA = (await a.inject({ url: '/.well-known/jwks.json' })).json()
  t.same((await b.inject({ url: '/.well-known/jwks.json' })).json(), jwksA)
  t.equal(jwksA.keys.length, 1)
  const login = await signupAndLogin(a)
  t.equal((await b.inject({ url: '/auth/sessions', headers: bearer(login.access_token) })).statusCode, 200)
  t.equal((await b.inject({ method: 'POST', url: '/auth/logout', headers: bearer(login.access_token) })).statusCode, 204)
  t.equal((await a.inject({ url: '/auth/sessions', headers: bearer(login.access_token) })).statusCode, 401)
})
