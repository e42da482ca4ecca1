// Issue 4, item 5: "A SIGTERM drains requests in flight before the process exits." The issuer runs as a real
// process (dist/server.js, built by `pnpm test`); a slow login (bcrypt cost 13) is in flight when SIGTERM comes.
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { request } from 'node:http'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { findFreePort } from '@authpair/local-servers'
import { testStores } from '@authpair/test-support'
import { eventually } from './fault-stack.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const account = { email: 'ada@example.com', password: 'graceful stop 1' }

/** A request on a connection of its own (no agent, no keep-alive): its status, or the connection error's code. */
function probe(url: string): Promise<number | string> {
  return new Promise((done) => {
    const req = request(url, { agent: false }, (res) => {
      res.resume()
      done(res.statusCode ?? 0)
    })
    req.on('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message))
    req.end()
  })
}

t.test('SIGTERM: the login in flight completes, new connections are refused, the process exits 0', async (t) => {
  const stores = testStores('graceful')
  const port = await findFreePort()
  const url = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, [join(root, 'services/auth-issuer/dist/server.js')], {
    cwd: root,
    // A clean environment: not tap's NODE_OPTIONS or coverage settings, only what the issuer reads.
    env: {
      PATH: process.env.PATH, ISSUER_PORT: String(port), HOST: '127.0.0.1', ISSUER_URL: url,
      MONGO_URL: stores.mongoUrl, REDIS_URL: stores.redisUrl, REDIS_KEY_PREFIX: stores.keyPrefix,
      BCRYPT_COST: '13', LOG_LEVEL: 'info', COOKIE_SECURE: 'false',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
  const lines: string[] = []
  let stderr = ''
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
    await stores.cleanup()
  })

  const up = await eventually(async () => (await probe(`${url}/healthz`)) === 200, 20_000)
  t.ok(up, `the issuer process answers /healthz ${up ? '' : stderr}`)
  const json = { 'content-type': 'application/json' }
  const signup = await fetch(`${url}/auth/signup`, { method: 'POST', headers: json, body: JSON.stringify(account) })
  t.equal(signup.status, 201, 'signed up')

  let loginSettled = false
  const login = fetch(`${url}/auth/login`, { method: 'POST', headers: json, body: JSON.stringify(account) })
    .then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, unknown> }))
    .finally(() => (loginSettled = true))
  await new Promise((resolve) => setTimeout(resolve, 50))
  t.notOk(loginSettled, 'the login is still in flight when SIGTERM is sent')
  child.kill('SIGTERM')

  // New connections: 200 until the signal is handled, then refused (listener closed) or 503 (return503OnClosing).
  // A connection that lands in the moment the listener closes is reset before any byte: refused too, just later.
  const refusals = ['ECONNREFUSED', 'ECONNRESET', 503]
  let refusal: number | string = 200
  let loginSettledAtRefusal = true
  await eventually(async () => {
    refusal = await probe(`${url}/healthz`)
    loginSettledAtRefusal = loginSettled
    return refusal !== 200
  }, 10_000)
  const next = await probe(`${url}/healthz`)
  t.comment(`new connections after SIGTERM: first ${refusal}, then ${next}`)
  t.ok(refusals.includes(refusal), `a new connection is refused or answered 503 (got ${refusal})`)
  t.ok(next === 'ECONNREFUSED' || next === 503, `and the next one is refused or 503 (got ${next})`)
  t.notOk(loginSettledAtRefusal, 'it was refused while the login was still being served')

  const { status, body } = await login
  t.equal(status, 200, `the login in flight completes (${typeof body["code"] === "string" ? body["code"] : "no error code"})`)
  t.match(body, { token_type: 'Bearer', access_token: /^[\w-]+\.[\w-]+\.[\w-]+$/, refresh_token: String }, 'with tokens')

  const [code, signal] = await exited
  t.same({ code, signal }, { code: 0, signal: null }, `the process exits 0 ${stderr}`)
  const entries = lines.map((line) => JSON.parse(line) as { level?: number; msg?: string; res?: { statusCode?: number } })
  t.ok(entries.some((entry) => entry.msg === 'shutting down'), 'it logged the shutdown')
  const bad = entries.filter((e) => (e.level ?? 0) >= 50 || ((e.res?.statusCode ?? 0) >= 500 && e.res?.statusCode !== 503))
  t.same(bad, [], 'no error-level line and no 5xx but 503 in its logs')
})
