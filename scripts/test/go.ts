// The Go verifier's tests (issue 16): starts Redis, a MongoDB-compatible server and the built issuer, then runs
// `go test ./...` in packages/verifier-go with TEST_REDIS_URL, ISSUER_URL, E2E_KEY_PREFIX and E2E_CONTROL_URL (a
// loopback endpoint the end-to-end test calls to stop and start Redis). Prints go test's output and, last, a
// summary line `go: N passed, N failed` counted from `go test -json`; exits with go test's code.
// Run `pnpm build` first: the issuer runs from its dist/.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { findFreePort, startMongo, startRedis, type ServerHandle } from '@authpair/local-servers'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const moduleDir = join(root, 'packages', 'verifier-go')

async function startIssuer(env: NodeJS.ProcessEnv, issuerUrl: string): Promise<ChildProcess> {
  const issuer = spawn(process.execPath, ['dist/server.js'], { cwd: join(root, 'services', 'auth-issuer'), env, stdio: ['ignore', 'ignore', 'inherit'] })
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (issuer.exitCode !== null) throw new Error(`the issuer exited with code ${issuer.exitCode}; run \`pnpm build\` first`)
    const ready = await fetch(`${issuerUrl}/readyz`).then((response) => response.ok, () => false)
    if (ready) return issuer
    await new Promise((done) => setTimeout(done, 200))
  }
  issuer.kill('SIGTERM')
  throw new Error(`the issuer at ${issuerUrl} was not ready within 30 s`)
}

// POST /redis/stop and /redis/start, on 127.0.0.1 only: how the Go test takes Redis away and brings it back.
function startControl(redis: ServerHandle, port: number): Promise<Server> {
  const control = createServer((request, response) => {
    const action = request.method === 'POST' ? { '/redis/stop': () => redis.stop(), '/redis/start': () => redis.restart() }[request.url ?? ''] : undefined
    if (!action) return void response.writeHead(404).end()
    action().then(
      () => response.writeHead(204).end(),
      (error: unknown) => response.writeHead(500).end(error instanceof Error ? error.message : 'failed'),
    )
  })
  return new Promise((done) => control.listen(port, '127.0.0.1', () => done(control)))
}

interface GoTestEvent {
  Action: string
  Test?: string
  Output?: string
}

// Prints each test's output as go test would, and counts the tests (subtests included) that passed and failed.
function runGoTest(env: NodeJS.ProcessEnv): Promise<{ code: number; passed: number; failed: number }> {
  const child = spawn('go', ['test', '-json', '-count=1', './...'], { cwd: moduleDir, env, stdio: ['ignore', 'pipe', 'inherit'] })
  let passed = 0
  let failed = 0
  createInterface({ input: child.stdout }).on('line', (line) => {
    let event: GoTestEvent
    try {
      event = JSON.parse(line) as GoTestEvent
    } catch {
      return void process.stdout.write(`${line}\n`)
    }
    if (event.Action === 'output' && event.Output !== undefined) process.stdout.write(event.Output)
    if (event.Test !== undefined && event.Action === 'pass') passed += 1
    if (event.Test !== undefined && event.Action === 'fail') failed += 1
  })
  return new Promise((done) => {
    child.once('error', (error) => {
      console.error(`Could not run go: ${error.message}. Install Go 1.26 (scripts/setup.sh checks it).`)
      done({ code: 1, passed, failed })
    })
    child.once('close', (code) => done({ code: code ?? 1, passed, failed }))
  })
}

async function main(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'authpair-go-test-'))
  const servers: ServerHandle[] = []
  let issuer: ChildProcess | undefined
  let control: Server | undefined
  try {
    const redis = await startRedis({ dataDir: join(dir, 'redis') })
    servers.push(redis)
    const mongo = await startMongo({ dataDir: join(dir, 'mongo') })
    servers.push(mongo)
    const [issuerPort, controlPort] = [await findFreePort(), await findFreePort()]
    const issuerUrl = `http://127.0.0.1:${issuerPort}`
    const keyPrefix = `go-e2e-${process.pid}:`
    issuer = await startIssuer(
      {
        ...process.env, ISSUER_PORT: String(issuerPort), ISSUER_URL: issuerUrl, MONGO_URL: `${mongo.url}/authpair_go_e2e`,
        REDIS_URL: redis.url, REDIS_KEY_PREFIX: keyPrefix, BCRYPT_COST: '4', COOKIE_SECURE: 'false', LOG_LEVEL: 'warn',
      },
      issuerUrl,
    )
    control = await startControl(redis, controlPort)
    const result = await runGoTest({
      ...process.env, TEST_REDIS_URL: redis.url, ISSUER_URL: issuerUrl, E2E_KEY_PREFIX: keyPrefix,
      E2E_CONTROL_URL: `http://127.0.0.1:${controlPort}`,
    })
    console.log(`go: ${result.passed} passed, ${result.failed} failed`)
    return result.code
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    return 1
  } finally {
    control?.close()
    issuer?.kill('SIGTERM')
    await Promise.allSettled(servers.map((server) => server.stop()))
    await rm(dir, { recursive: true, force: true })
  }
}

process.exitCode = await main()
