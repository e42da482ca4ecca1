// `pnpm lint` checks itself (issue 11, item 10): the house-style rules must refuse what they are there to refuse.
// Each case is a few lines written as a file of its own in a folder of the repo (removed afterwards) and linted
// with the repo's own eslint.config.js; the cycle check runs madge with the repo's .madgerc on a two-file cycle.
// Real files, not lintText over an existing file's path: in a fresh clone, typescript-eslint then type-checked the
// stand-in text without types (every value `any`), although the same run passed in an older checkout.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import console from 'node:console'
import process from 'node:process'
import { URL, fileURLToPath } from 'node:url'
import { ESLint } from 'eslint'

const root = fileURLToPath(new URL('../..', import.meta.url))
const DOMAIN_DIR = 'services/auth-issuer/src/domain'
const SCRIPT_DIR = 'scripts/stack'
const TEST_DIR = 'test/e2e'

const cases = [
  ['domain/ imports no framework', DOMAIN_DIR, "import type { FastifyInstance } from 'fastify'\nexport type A = FastifyInstance\n", ['no-restricted-imports']],
  ['domain/ imports no driver', DOMAIN_DIR, "import type { Redis } from 'ioredis'\nexport type A = Redis\n", ['no-restricted-imports']],
  ['outside domain/ a framework is fine', SCRIPT_DIR, "import type { FastifyInstance } from 'fastify'\nexport type A = FastifyInstance\n", []],
  ['built-ins only with node:', SCRIPT_DIR, "import { join } from 'path'\nexport const a = join('a')\n", ['no-restricted-imports']],
  ['node: built-ins are fine', SCRIPT_DIR, "import { join } from 'node:path'\nexport const a = join('a')\n", []],
  ['type-aware rules run, tests included', TEST_DIR, 'async function f(): Promise<void> {}\nf()\n', ['@typescript-eslint/no-floating-promises']],
  ['no any', TEST_DIR, 'export type A = any\n', ['@typescript-eslint/no-explicit-any']],
  ['a tap subtest is not a floating promise', TEST_DIR, "import tap from 'tap'\ntap.test('a', async (t) => { t.pass('ok') })\n", []],
]

// Written before ESLint starts, so its TypeScript program (tsconfig.test.json's globs) holds them as they are.
const files = cases.map(([, dir, code], index) => {
  const file = join(root, dir, `lint-self-test-${process.pid}-${index}.ts`)
  writeFileSync(file, code)
  return file
})
let failed = 0
try {
  const results = await new ESLint({ cwd: root }).lintFiles(files)
  for (const [index, [name, , , expected]] of cases.entries()) {
    const result = results.find((candidate) => candidate.filePath === files[index])
    const actual = (result?.messages ?? []).map((message) => message.ruleId ?? `fatal: ${message.message}`)
    try {
      assert.deepEqual(actual, expected)
    } catch {
      failed += 1
      console.error(`lint self-test: ${name}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`)
    }
  }
} finally {
  for (const file of files) unlinkSync(file)
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
