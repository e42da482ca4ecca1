// Issue 15: a Sentinel failover under a small load of logins, refreshes and /me, right after a burst of logouts.
// After it, every logged-out token is refused and every session that was on the replicas still works; during it
// the verifier answered only 200 or 401 for the right tokens, or 503, and never 200 for a token logged out.
// Bounded: 12 sessions before the burst, 6 logouts, at most 40 s of load.
import t from 'tap'
import { setTimeout as sleep } from 'node:timers/promises'
import { Redis } from 'ioredis'
import { aReplicaOnline, bearer, meStatus as me, newAccount, newTally, refreshChain, refreshOnce, signupAndLogin, startSentinelStack, type LoginBody } from './deploy-stack.js'

const SESSIONS = 12
const LOGOUTS = 6
const FAILOVER_DEADLINE_MS = 40_000

for (const mode of ['strict', 'tracked']) {
  t.test(`issue 15: SIGKILL of the primary after a burst of logouts lets no logged-out token back in (${mode})`, async (t) => {
    const { set, issuer, resource } = await startSentinelStack(t, { SIGNUP_RATE_LIMIT: '100000' }, { VERIFY_MODE: mode })
    const sessions: LoginBody[] = []
    for (let index = 0; index < SESSIONS; index += 1) sessions.push(await signupAndLogin(issuer, newAccount()))
    const oldPrimary = await set.primary()
    // Every session so far is on both replicas: a write and WAIT 2 on the primary covers all writes before it.
    const probe = new Redis(oldPrimary.url, { maxRetriesPerRequest: 0 })
    await probe.set('deploy:probe', '1')
    t.equal(await probe.wait(2, 5000), 2, 'the sessions reached both replicas')
    probe.disconnect()

    const live = sessions.slice(LOGOUTS)
    const loggedOut: string[] = []
    const uncertain: string[] = []
    for (const session of sessions.slice(0, LOGOUTS)) {
      const status = (await issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(session.access_token) })).statusCode
      ;(status === 204 ? loggedOut : uncertain).push(session.access_token)
    }
    t.equal(loggedOut.length, LOGOUTS, 'each logout was confirmed by a replica')
    process.kill(oldPrimary.pid ?? 0, 'SIGKILL')

    // The load: /me on every token, refreshes of one session, logins; it checks each answer as it comes.
    const tally = newTally()
    let stop = false
    const refreshed = refreshChain(live[0]!)
    const load = (async () => {
      while (!stop) {
        for (const token of loggedOut) {
          const status = await me(resource, token, tally)
          if (status !== 401 && status !== 503) tally.wrong.push(`logged-out token answered ${status}`)
        }
        for (const session of live.slice(1)) {
          const status = await me(resource, session.access_token, tally)
          if (status !== 200 && status !== 503) tally.wrong.push(`live token answered ${status}`)
        }
        await refreshOnce(issuer, refreshed, tally)
        const login = await issuer.inject({ method: 'POST', url: '/auth/signup', payload: newAccount() })
        if (login.statusCode !== 201 && login.statusCode !== 503) tally.wrong.push(`signup answered ${login.statusCode}`)
        await sleep(20)
      }
    })()

    const deadline = Date.now() + FAILOVER_DEADLINE_MS
    let newPrimary = oldPrimary
    while (Date.now() < deadline) {
      newPrimary = await set.primary().catch(() => oldPrimary)
      if (newPrimary !== oldPrimary && (await me(resource, live[1]!.access_token)) === 200) break
      await sleep(200)
    }
    // Some load after the failover too, against the new primary.
    await sleep(1000)
    stop = true
    await load
    t.not(newPrimary.port, oldPrimary.port, 'the sentinels promoted a replica')
    t.same(tally.wrong, [], 'no answer broke the contract during the failover')
    t.comment(`answers during the failover: ${JSON.stringify([...tally.statuses])}`)

    for (const token of loggedOut) t.equal(await me(resource, token), 401, 'a logged-out token stays refused')
    for (const session of live.slice(1)) t.equal(await me(resource, session.access_token), 200, 'a replicated session still works')
    if (!refreshed.uncertain) t.equal(await me(resource, refreshed.access), 200, 'the refreshed session still works')
    await aReplicaOnline(set)
    // A logout is idempotent: retried, as a client would, should the sentinels move the primary once more meanwhile.
    let after = 0
    for (let attempt = 0; attempt < 10 && after !== 204; attempt += 1) {
      if (attempt > 0) await sleep(500)
      after = (await issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(live[1]!.access_token) })).statusCode
    }
    t.equal(after, 204, 'a logout after the failover is confirmed by the remaining replica')
    t.equal(await me(resource, live[1]!.access_token), 401)
  })
}
