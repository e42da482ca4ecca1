// Issue 11, item 9: the local stack runs its stores in process groups of their own, so a Ctrl-C reaches the stack
// alone and it stops the stores after the services. By default a server stays in its starter's group, where a
// terminal's signal still reaches it (what the test harness relies on).
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import t from 'tap'
import { startMongo, startRedis, type ServerHandle, type StartOptions } from '../src/index.js'
import { tempDir } from './temp-dir.js'

function processGroup(pid: number | undefined): number {
  if (pid === undefined) throw new Error('the server is not running')
  return Number(execFileSync('ps', ['-o', 'pgid=', '-p', String(pid)], { encoding: 'utf8' }).trim())
}

const starters: [string, (options: StartOptions) => Promise<ServerHandle>][] = [
  ['redis', startRedis],
  ['mongo', startMongo],
]

for (const [name, start] of starters) {
  t.test(`${name} with ownProcessGroup leads a process group of its own (issue 11)`, async (t) => {
    const server = await start({ dataDir: join(await tempDir(t), name), ownProcessGroup: true })
    t.teardown(() => server.stop())
    t.equal(processGroup(server.pid), server.pid)
    await server.restart()
    t.equal(processGroup(server.pid), server.pid, 'and so does the process a restart starts')
  })

  t.test(`${name} without it stays in the starter's process group`, async (t) => {
    const server = await start({ dataDir: join(await tempDir(t), name) })
    t.teardown(() => server.stop())
    t.equal(processGroup(server.pid), processGroup(process.pid))
  })
}
