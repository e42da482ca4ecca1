import t from 'tap'
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { isPortFree } from '../src/index.js'
import { tempDir } from './temp-dir.js'

// The parent under test is a separate Node process running the built package, so it can die in ways a test cannot.
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url))

const scripts = {
  exit: 'process.exit(0)',
  wait: 'setInterval(() => {}, 1000)',
  ownHandler: `process.on('SIGTERM', async () => {
    console.log('handler sees redis ' + (await fetchPing()))
    await redis.stop()
    process.exit(0)
  })
  setInterval(() => {}, 1000)`,
}

function parentScript(dataDir: string, then: string): string {
  return `import { startRedis } from ${JSON.stringify(pathToFileURL(dist).href)}
    import { connect } from 'node:net'
    const redis = await startRedis({ dataDir: ${JSON.stringify(dataDir)} })
    const fetchPing = () => new Promise((resolve) => {
      const socket = connect(redis.port, '127.0.0.1', () => socket.write('PING\\r\\n'))
      socket.on('data', (data) => { resolve(String(data).trim()); socket.destroy() })
      socket.on('error', () => resolve('down'))
    })
    console.log(redis.port)
    ${then}`
}

async function runParent(t: { teardown: (fn: () => Promise<void>) => void }, then: string) {
  const child = spawn(process.execPath, ['--input-type=module', '-e', parentScript(join(await tempDir(t), 'redis'), then)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const first = await lines.next()
  const port = Number(first.value)
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>
  return { child, port, exited, nextLine: async () => (await lines.next()).value as string | undefined }
}

async function portFreedWithin(port: number, ms: number): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; await sleep(50)) {
    if (await isPortFree(port)) return true
  }
  return false
}

t.before(() => {
  if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`pnpm build\` first`)
})

t.test('redis dies when its parent calls process.exit()', async (t) => {
  const parent = await runParent(t, scripts.exit)
  t.ok(parent.port > 0)
  t.same(await parent.exited, [0, null])
  t.ok(await portFreedWithin(parent.port, 3000), 'the port is free again')
})

t.test('redis dies when its parent gets an unhandled SIGTERM, and the parent still dies of it', async (t) => {
  const parent = await runParent(t, scripts.wait)
  parent.child.kill('SIGTERM')
  t.same(await parent.exited, [null, 'SIGTERM'])
  t.ok(await portFreedWithin(parent.port, 3000), 'the port is free again')
})

t.test("a parent's own SIGTERM handler keeps control of the shutdown", async (t) => {
  const parent = await runParent(t, scripts.ownHandler)
  parent.child.kill('SIGTERM')
  t.equal(await parent.nextLine(), 'handler sees redis +PONG')
  t.same(await parent.exited, [0, null])
  t.ok(await portFreedWithin(parent.port, 3000), 'the port is free again')
})
