import t from 'tap'
import { execFileSync } from 'node:child_process'
import { chmod, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { locateFerretdb, startMongo, startRedis } from '../src/index.js'
import { tempDir } from './temp-dir.js'

function hasMongod(): boolean {
  try {
    execFileSync('sh', ['-c', 'command -v mongod'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** Sets FERRETDB_BIN for the duration of `t`. */
function useFerretdbBin(t: { teardown: (fn: () => void) => void }, value: string): void {
  const before = process.env['FERRETDB_BIN']
  process.env['FERRETDB_BIN'] = value
  t.teardown(() => {
    if (before === undefined) delete process.env['FERRETDB_BIN']
    else process.env['FERRETDB_BIN'] = before
  })
}

t.test('a port that is already taken is refused before anything starts', async (t) => {
  const blocker = createServer().listen(0, '127.0.0.1')
  await new Promise((resolve) => blocker.once('listening', resolve))
  t.teardown(() => blocker.close())
  const address = blocker.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  await t.rejects(startRedis({ dataDir: join(await tempDir(t), 'redis'), port }), {
    message: new RegExp(`port ${port} on 127.0.0.1 is already in use[\\s\\S]*command: redis-server --port ${port}`),
  })
})

t.test('FERRETDB_BIN wins the search, as given', async (t) => {
  useFerretdbBin(t, '/nowhere/ferretdb')
  t.equal(locateFerretdb(), '/nowhere/ferretdb')
})

// With mongod on PATH, startMongo runs it and never looks at FERRETDB_BIN.
const needsFerretdb = { skip: hasMongod() && 'mongod is on PATH' }

t.test('a server that exits early is reported with its command line and output', needsFerretdb, async (t) => {
  const dir = await tempDir(t)
  const fake = join(dir, 'fake-ferretdb')
  await writeFile(fake, '#!/bin/sh\necho "first line"\necho "cannot open the database" >&2\nexit 3\n')
  await chmod(fake, 0o755)
  useFerretdbBin(t, fake)
  const lines: string[] = []
  await t.rejects(startMongo({ dataDir: join(dir, 'mongo'), onLog: (line) => lines.push(line) }), {
    message: /exited before it was ready \(exit code 3\)[\s\S]*command: \S*fake-ferretdb --handler=sqlite[\s\S]*\| cannot open the database/,
  })
  t.same(lines.sort(), ['cannot open the database', 'first line'])
})

t.test('a missing binary is reported, not thrown as a raw spawn error', needsFerretdb, async (t) => {
  useFerretdbBin(t, '/nowhere/ferretdb')
  await t.rejects(startMongo({ dataDir: join(await tempDir(t), 'mongo') }), {
    message: /could not run it: spawn \/nowhere\/ferretdb ENOENT[\s\S]*command: \/nowhere\/ferretdb/,
  })
})
