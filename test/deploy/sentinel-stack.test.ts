// Issue 15: the issuer and a verifying service configured with REDIS_SENTINELS + REDIS_SENTINEL_NAME work end to end.
import t from 'tap'
import { bearer, newAccount, signupAndLogin, startSentinelStack } from './deploy-stack.js'

for (const mode of ['strict', 'tracked']) {
  t.test(`issue 15: through a Sentinel set, a login works at the resource service (${mode}) and a logout ends it`, async (t) => {
    const { issuer, resource } = await startSentinelStack(t, {}, { VERIFY_MODE: mode })
    const login = await signupAndLogin(issuer, newAccount())
    t.equal((await resource.inject({ url: '/me', headers: bearer(login.access_token) })).statusCode, 200)
    t.equal((await issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(login.access_token) })).statusCode, 204)
    t.equal((await resource.inject({ url: '/me', headers: bearer(login.access_token) })).statusCode, 401)
  })
}
