// Issue 12, item 9: the Caddy gateway test finds the Caddy that scripts/setup.sh builds, or the one CADDY_BIN names.
import { chmod, mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import t from 'tap'
import { locateCaddy } from '../src/index.js'
import { tempDir } from './temp-dir.js'

t.test('CADDY_BIN wins the search, as given (a wrong path then fails loudly where it is used)', async (t) => {
  t.equal(locateCaddy({ CADDY_BIN: '/nowhere/caddy' }), '/nowhere/caddy')
})

t.test('then `caddy` on PATH', async (t) => {
  const dir = join(await tempDir(t), 'bin')
  await mkdir(dir)
  await writeFile(join(dir, 'caddy'), '#!/bin/sh\n')
  await chmod(join(dir, 'caddy'), 0o755)
  const path = process.env['PATH']
  process.env['PATH'] = dir
  t.teardown(() => {
    process.env['PATH'] = path
  })
  t.equal(locateCaddy({}), join(dir, 'caddy'))
})

t.test('else the cache build, or nothing: never a path that is not an executable file', async (t) => {
  const path = process.env['PATH']
  process.env['PATH'] = ''
  t.teardown(() => {
    process.env['PATH'] = path
  })
  const found = locateCaddy({})
  t.ok(found === undefined || found.endsWith('/.cache/caddy/bin/caddy'), `found ${String(found)}`)
})
