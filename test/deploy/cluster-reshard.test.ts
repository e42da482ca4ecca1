// Issue 15: `redis-cli --cluster reshard` moves every slot of one primary to another while logins, refreshes, logouts
// and /me run against the real issuer and a tracked resource service. A logout answered 204 is refused from the very
// next request on, a live session is never refused, and afterwards nothing was lost. Bounded: 16 users, one reshard
// of at most 90 s, one pass of load after it.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import t from 'tap'
import { Redis } from 'ioredis'
import { bearer, meStatus as me, newAccount, newTally, refreshChain, refreshOnce, signupAndLogin, startClusterStack, type LoginBody } from './deploy-stack.js'
import { primaryPortOf } from './cluster-tracked-helpers.js'

const run = promisify(execFile)
const USERS = 16
const RESHARD_TIMEOUT_MS = 90_000
const LOGOUT_EVERY_MS = 1000

async function nodeId(port: number): Promise<string> {
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true })
  try {
    return String(await client.call('CLUSTER', 'MYID'))
  } finally {
    client.disconnect()
  }
}

t.test('issue 15: a reshard under load loses no session and lets no logged-out token through', async (t) => {
  const { issuer, resource, cluster } = await startClusterStack(t, { SIGNUP_RATE_LIMIT: '100000' })
  const logins: LoginBody[] = []
  for (let index = 0; index < USERS; index += 1) logins.push(await signupAndLogin(issuer, newAccount()))
  const admin = new Redis(cluster.nodes[0]!.url)
  t.teardown(() => admin.disconnect())
  const portOf = (login: LoginBody) => primaryPortOf(admin, login.user.id)

  // The source: the primary with the most users; every one of its slots moves to another primary.
  const ports = await Promise.all(logins.map(portOf))
  const usersOn = (port: number) => ports.filter((each) => each === port).length
  const from = [...new Set(ports)].sort((a, b) => usersOn(b) - usersOn(a))[0]!
  const to = [...new Set(ports)].find((port) => port !== from)!
  const moving = logins.filter((_, index) => ports[index] === from)
  t.ok(moving.length >= 4, `${moving.length} users on the source primary`)
  // The refreshed session and one survivor stay; the other moving users log out, one a second, during the reshard.
  const victims = moving.filter((login) => login !== logins[0]).slice(1)

  const load = newTally()
  const live = [...logins]
  const loggedOut: string[] = []
  const refreshed = refreshChain(live[0]!)
  let stop = false
  let nextLogout = 0
  const traffic = (async () => {
    while (!stop) {
      for (const token of loggedOut) if ((await me(resource, token, load)) === 200) load.wrong.push('a logged-out token answered 200')
      for (const session of live.slice(1)) {
        const status = await me(resource, session.access_token, load)
        if (status !== 200 && status !== 503) load.wrong.push(`a live token answered ${status}`)
      }
      // Once a 204, the very next /me must refuse the token.
      const victim = Date.now() >= nextLogout ? victims.shift() : undefined
      if (victim !== undefined) {
        nextLogout = Date.now() + LOGOUT_EVERY_MS
        live.splice(live.indexOf(victim), 1)
        const status = (await issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(victim.access_token) })).statusCode
        if (status === 204) {
          loggedOut.push(victim.access_token)
          if ((await me(resource, victim.access_token, load)) !== 401) load.wrong.push('the next /me after a 204 logout was not 401')
        } else if (status !== 503) load.wrong.push(`a logout answered ${status}`)
      }
      await refreshOnce(issuer, refreshed, load)
      const signup = await issuer.inject({ method: 'POST', url: '/auth/signup', payload: newAccount() })
      if (signup.statusCode !== 201 && signup.statusCode !== 503) load.wrong.push(`a signup answered ${signup.statusCode}`)
    }
  })()

  const [fromId, toId] = [await nodeId(from), await nodeId(to)]
  const reshard = ['--cluster', 'reshard', `127.0.0.1:${from}`, '--cluster-from', fromId, '--cluster-to', toId, '--cluster-slots', '16384', '--cluster-yes']
  const started = Date.now()
  const resharded = await run('redis-cli', reshard, { timeout: RESHARD_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024 }).then(
    () => true,
    (error: Error & { stderr?: string }) => {
      t.fail(`redis-cli ${reshard.join(' ')}: ${error.message} ${error.stderr ?? ''}`)
      return false
    },
  )
  stop = true
  await traffic
  t.ok(resharded, `the reshard ended in ${Date.now() - started} ms`)
  t.comment(`answers during the reshard: ${JSON.stringify([...load.statuses])}`)
  t.same(load.wrong, [], 'no answer broke the contract during the reshard')
  t.ok(loggedOut.length > 0, `${loggedOut.length} logouts confirmed during the reshard`)
  for (const login of moving) t.equal(await portOf(login), to, 'the user now lives on the other primary')

  for (const token of loggedOut) t.equal(await me(resource, token, load), 401, 'a logged-out token stays refused')
  for (const session of live.slice(1)) t.equal(await me(resource, session.access_token, load), 200, 'a session is not lost')
  if (!refreshed.uncertain) t.equal(await me(resource, refreshed.access, load), 200, 'the refreshed session still works')
  const survivor = live.find((login) => moving.includes(login) && login !== logins[0])!
  const after = await issuer.inject({ method: 'POST', url: '/auth/logout', headers: bearer(survivor.access_token) })
  t.equal(after.statusCode, 204, 'a logout on the moved slot is confirmed by its new primary')
  t.equal(await me(resource, survivor.access_token, load), 401)
})
