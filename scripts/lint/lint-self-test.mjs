// `pnpm lint` checks itself (issue 11, item 10): the house-style rules must refuse what they are there to refuse.
// Each case lints a few lines as if they were a file of the repo (the text stands in for the file's; nothing is
// written), with the repo's own eslint.config.js; the cycle check runs madge with the repo's .madgerc on a two-file
// cycle. It runs in `pnpm lint`, before the test suite: its type-aware cases need a TypeScript program that no
// concurrent test is rebuilding or reinstalling under it (in the parallel suite they saw a program without types).
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import console from 'node:console'
import process from 'node:process'
import { URL, fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'

const root = fileURLToPath(new URL('../..', import.meta.url))
const eslint = new ESLint({ cwd: root })
const DOMAIN_FILE = 'services/auth-issuer/src/domain/login.ts'
const SCRIPT_FILE = 'scripts/stack/banner.ts'
const TEST_FILE = 'test/e2e/harness.ts'

async function rulesFor(file, code) {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) })
  return (result?.messages ?? []).map((message) => message.ruleId ?? `fatal: ${message.message}`)
}

const cases = [
  ['domain/ imports no framework', DOMAIN_FILE, "import type { FastifyInstance } from 'fastify'\nexport type A = FastifyInstance\n", ['no-restricted-imports']],
  ['domain/ imports no driver', DOMAIN_FILE, "import type { Redis } from 'ioredis'\nexport type A = Redis\n", ['no-restricted-imports']],
  ['outside domain/ a framework is fine', SCRIPT_FILE, "import type { FastifyInstance } from 'fastify'\nexport type A = FastifyInstance\n", []],
  ['built-ins only with node:', SCRIPT_FILE, "import { join } from 'path'\nexport const a = join('a')\n", ['no-restricted-imports']],
  ['node: built-ins are fine', SCRIPT_FILE, "import { join } from 'node:path'\nexport const a = join('a')\n", []],
  ['type-aware rules run, tests included', TEST_FILE, 'async function f(): Promise<void> {}\nf()\n', ['@typescript-eslint/no-floating-promises']],
  ['no any', TEST_FILE, 'export type A = any\n', ['@typescript-eslint/no-explicit-any']],
  ['a tap subtest is not a floating promise', TEST_FILE, "import tap from 'tap'\ntap.test('a', async (t) => { t.pass('ok') })\n", []],
]

let failed = 0
for (const [name, file, code, expected] of cases) {
  const actual = await rulesFor(file, code)
  try {
    assert.deepEqual(actual, expected)
  } catch {
    failed += 1
    console.error(`lint self-test: ${name}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
  }
}

const dir = mkdtempSync(join(tmpdir(), 'authpair-cycle-'))
try {
  writeFileSync(join(dir, 'a.ts'), "import { b } from './b.js'\nexport const a = () => b()\n")
  writeFileSync(join(dir, 'b.ts'), "import { a } from './a.js'\nexport const b = () => a()\n")
  const madge = spawnSync(join(root, 'node_modules', '.bin', 'madge'), ['--circular', '--no-spinner', '--no-color', dir], { cwd: root, encoding: 'utf8' })
  if (madge.status !== 1 || !/a\.ts > b\.ts/.test(madge.stdout)) {
    failed += 1
    console.error(`lint self-test: the cycle check did not find a.ts > b.ts (exit ${madge.status}): ${madge.stdout}`)
  }
} finally {
  rmSync(dir, { recursive: true, force: true })
}

const total = cases.length + 1
console.log(`lint self-test: ${total - failed} of ${total} checks passed`)
process.exitCode = failed === 0 ? 0 : 1
