// Issue 11, item 10: `pnpm lint` must refuse what the house style refuses. Each case lints a few lines as if they
// were a file of the repo (the text replaces the file's for the check; nothing is written), with the repo's own
// eslint.config.js, and the cycle check runs madge with the repo's .madgerc on a two-file cycle.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const DOMAIN_FILE = 'services/auth-issuer/src/domain/login.ts'
const SCRIPT_FILE = 'scripts/stack/banner.ts'
const TEST_FILE = 'test/lint/lint-config.test.ts'

const SNIPPETS = [
  { file: DOMAIN_FILE, code: "import type { FastifyInstance } from 'fastify'\nexport type A = FastifyInstance\n" },
  { file: DOMAIN_FILE, code: "import type { Redis } from 'ioredis'\nexport type A = Redis\n" },
  { file: SCRIPT_FILE, code: "import type { FastifyInstance } from 'fastify'\nexport type A = FastifyInstance\n" },
  { file: SCRIPT_FILE, code: "import { join } from 'path'\nexport const a = join('a')\n" },
  { file: SCRIPT_FILE, code: "import { join } from 'node:path'\nexport const a = join('a')\n" },
  { file: TEST_FILE, code: 'async function f(): Promise<void> {}\nf()\n' },
  { file: TEST_FILE, code: 'export type A = any\n' },
  { file: TEST_FILE, code: "import tap from 'tap'\ntap.test('a', async (t) => { t.pass('ok') })\n" },
]

// ESLint runs in a child with a plain environment: the test runner's loaders (NODE_OPTIONS) must not reach the
// TypeScript program the type-aware rules use.
function lintSnippets(): string[][] {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name !== 'NODE_OPTIONS' && !name.startsWith('TS_NODE')))
  const child = spawnSync(process.execPath, [join(root, 'test', 'lint', 'lint-snippets.mjs')], {
    cwd: root, env, input: JSON.stringify(SNIPPETS), encoding: 'utf8', timeout: 100_000,
  })
  if (child.status !== 0) throw new Error(`lint-snippets failed: ${child.stderr}`)
  return JSON.parse(child.stdout) as string[][]
}

const [domainFastify, domainRedis, scriptFastify, bareBuiltin, nodeBuiltin, floating, explicitAny, tapSubtest] = lintSnippets()

t.test('domain/ code may not import a framework or a driver (issue 11)', async (t) => {
  t.same(domainFastify, ['no-restricted-imports'])
  t.same(domainRedis, ['no-restricted-imports'])
  t.same(scriptFastify, [], 'outside domain/ it may')
})

t.test('built-ins are imported with node: (issue 11)', async (t) => {
  t.same(bareBuiltin, ['no-restricted-imports'])
  t.same(nodeBuiltin, [])
})

t.test('type-aware rules run, tests included (issue 11)', async (t) => {
  t.same(floating, ['@typescript-eslint/no-floating-promises'])
  t.same(explicitAny, ['@typescript-eslint/no-explicit-any'])
  t.same(tapSubtest, [], 'a tap subtest is not a floating promise: tap waits for it')
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
