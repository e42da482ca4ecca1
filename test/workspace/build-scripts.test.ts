// Issue 11, item 9: `pnpm install` printed "Ignored build scripts: esbuild" as if something needed doing. The
// workspace config settles which dependencies may run install scripts; a fresh install of this lockfile must then
// install without a word about them. Offline, from the store that set-up filled: no registry is asked.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** Copies the manifests only (every package.json, the lockfile, the workspace file) into a fresh folder. */
function manifestsCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'authpair-install-'))
  const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*package.json', 'pnpm-lock.yaml', 'pnpm-workspace.yaml'], {
    cwd: root,
    encoding: 'utf8',
  })
  for (const file of listed.stdout.split('\n').filter(Boolean)) cpSync(join(root, file), join(dir, file))
  return dir
}

t.test('a fresh pnpm install prints no "Ignored build scripts" (issue 11)', async (t) => {
  const dir = manifestsCopy()
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const install = spawnSync('pnpm', ['install', '--offline', '--frozen-lockfile'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', npm_config_update_notifier: 'false' },
    timeout: 110_000,
  })
  const output = `${install.stdout}${install.stderr}`
  t.equal(install.status, 0, install.status === 0 ? 'pnpm install succeeds' : `pnpm install fails:\n${output}`)
  t.notMatch(output, /Ignored build scripts/i, 'no word about ignored build scripts')
  t.notMatch(output, /approve-builds/, 'nothing left to approve')
})

