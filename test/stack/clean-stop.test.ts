// Issue 11, item 9: stopping `pnpm start` must look like what it is, a clean stop. SIGINT (Ctrl-C) or SIGTERM, sent
// to the whole process group (as a terminal or a supervisor does) or to the stack's node process alone: pnpm exits
// 0, prints a "stopped" line, and neither "second SIGTERM" (a service cut short by a signal it got twice) nor
// pnpm's "ELIFECYCLE Command failed" (the shell under pnpm killed before the stack was done).
import { execFileSync, spawn } from 'node:child_process'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { findFreePort, isPortFree } from '@authpair/local-servers'
import { testStores } from '@authpair/test-support'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const STARTED = 'Ctrl-C to stop'
const START_DEADLINE_MS = 60_000

interface Stopped {
  code: number | null
  signal: NodeJS.Signals | null
  output: string
}

/** Runs `pnpm start` as its own process group on private ports and stores, and sends `signal` once it is up. */
async function startThenStop(signal: 'SIGINT' | 'SIGTERM', target: 'group' | 'node', ports: number[]): Promise<Stopped> {
  const stores = testStores('cleanstop')
  const [issuerPort, resourcePort, forwardAuthPort] = ports
  const pnpm = spawn('pnpm', ['start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      ISSUER_PORT: String(issuerPort),
      RESOURCE_PORT: String(resourcePort),
      FORWARD_AUTH_PORT: String(forwardAuthPort),
      REDIS_URL: stores.redisUrl,
      MONGO_URL: stores.mongoUrl,
      REDIS_KEY_PREFIX: stores.keyPrefix,
      npm_config_update_notifier: 'false',
    },
  })
  const group = pnpm.pid ?? 0
  let output = ''
  const ended = new Promise<Stopped>((done) => pnpm.once('exit', (code, how) => done({ code, signal: how, output })))
  const started = new Promise<void>((up, failed) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (output.includes(STARTED)) up()
    }
    pnpm.stdout.on('data', onData)
    pnpm.stderr.on('data', onData)
    void ended.then(() => failed(new Error(`pnpm start ended before it was up:\n${output}`)))
  })
  const deadline = setTimeout(() => process.kill(-group, 'SIGKILL'), START_DEADLINE_MS)
  try {
    await started
    if (target === 'group') process.kill(-group, signal)
    else process.kill(stackPid(group), signal)
    return await ended
  } finally {
    clearTimeout(deadline)
    await stores.cleanup()
  }
}

// pnpm runs the script through `sh -c`, and the script execs node, so pnpm's only child is the stack's node.
function stackPid(pnpmPid: number): number {
  const children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pnpmPid)], { encoding: 'utf8' }).trim().split(/\s+/)
  if (children.length !== 1 || children[0] === '') throw new Error(`expected one child of pnpm, found ${JSON.stringify(children)}`)
  return Number(children[0])
}

// Four stacks start and stop one after the other, on a machine the other test files load too.
t.setTimeout(300_000)

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  for (const target of ['group', 'node'] as const) {
    t.test(`pnpm start stops cleanly on ${signal} sent to the ${target === 'group' ? 'process group' : 'node process alone'} (issue 11)`, async (t) => {
      const ports = [await findFreePort(), await findFreePort(), await findFreePort()]
      const { code, signal: killedBy, output } = await startThenStop(signal, target, ports)
      t.equal(killedBy, null, 'pnpm is not killed by the signal')
      t.equal(code, 0, code === 0 ? 'pnpm exits 0' : `pnpm exits 0; its output:\n${output}`)
      t.notMatch(output, /second SIG/, 'no service got a second signal')
      t.notMatch(output, /ELIFECYCLE/, 'pnpm does not report a failed command')
      t.match(output, /^stopped$/m, 'a short "stopped" line ends it')
      // Issue 12, item 9: forward-auth runs with the others (the banner comes once each answered /healthz).
      t.match(output, new RegExp(`^  forward-auth +http://127\\.0\\.0\\.1:${ports[2]}$`, 'm'), 'the banner lists forward-auth on FORWARD_AUTH_PORT')
      // Issue 14: pnpm start runs Mailpit and prints its inbox (8025 when free).
      t.match(output, /^ {2}inbox +http:\/\/127\.0\.0\.1:\d+$/m, 'the banner lists the Mailpit inbox')
      for (const port of ports) t.ok(await isPortFree(port), `port ${port} is free again: the service is gone`)
    })
  }
}
