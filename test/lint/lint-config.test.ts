// Issue 11, item 10: `pnpm lint` must refuse what the house style refuses. Each case lints a few lines as if they
// were a file of the repo (the text replaces the file's for the check; nothing is written), with the repo's own
// eslint.config.js, and the cycle check runs madge with the repo's .madgerc on a two-file cycle.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'
import t from 'tap'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const eslint = new ESLint({ cwd: root })

/** The rule ids ESLint reports for `code` placed at `file` (a path in the repo's TypeScript program). */
async function rulesFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) })
  return (result?.messages ?? []).map((message) => message.ruleId ?? `fatal: ${message.message}`)
}

const DOMAIN_FILE = 'services/auth-issuer/src/domain/login.ts'
const SCRIPT_FILE = 'scripts/stack/banner.ts'
const TEST_FILE = 'test/lint/lint-config.test.ts'

t.test('domain/ code may not import a framework or a driver (issue 11)', async (t) => {
  t.same(await rulesFor(DOMAIN_FILE, "import type { FastifyInstance } from 'fastify'\nexport type A = FastifyInstance\n"), ['no-restricted-imports'])
  t.same(await rulesFor(DOMAIN_FILE, "import type { Redis } from 'ioredis'\nexport type A = Redis\n"), ['no-restricted-imports'])
  t.same(await rulesFor(SCRIPT_FILE, "import type { FastifyInstance } from 'fastify'\nexport type A = FastifyInstance\n"), [], 'outside domain/ it may')
})

t.test('built-ins are imported with node: (issue 11)', async (t) => {
  t.same(await rulesFor(SCRIPT_FILE, "import { join } from 'path'\nexport const a = join('a')\n"), ['no-restricted-imports'])
  t.same(await rulesFor(SCRIPT_FILE, "import { join } from 'node:path'\nexport const a = join('a')\n"), [])
})

t.test('type-aware rules run, tests included (issue 11)', async (t) => {
  t.same(await rulesFor(TEST_FILE, 'async function f(): Promise<void> {}\nf()\n'), ['@typescript-eslint/no-floating-promises'])
  t.same(await rulesFor(TEST_FILE, 'export type A = any\n'), ['@typescript-eslint/no-explicit-any'])
  t.same(
    await rulesFor(TEST_FILE, "import tap from 'tap'\ntap.test('a', async (t) => { t.pass('ok') })\n"),
    [],
    "a tap subtest is not a floating promise: tap waits for it",
  )
})

t.test('the cycle check finds an import cycle between .ts files imported as .js (issue 11)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'authpair-cycle-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  writeFileSync(join(dir, 'a.ts'), "import { b } from './b.js'\nexport const a = () => b()\n")
  writeFileSync(join(dir, 'b.ts'), "import { a } from './a.js'\nexport const b = () => a()\n")
  const madge = spawnSync(join(root, 'node_modules', '.bin', 'madge'), ['--circular', '--no-spinner', '--no-color', dir], { cwd: root, encoding: 'utf8' })
  t.equal(madge.status, 1, 'madge fails')
  t.match(madge.stdout, /a\.ts > b\.ts/, 'and names the cycle')
})
