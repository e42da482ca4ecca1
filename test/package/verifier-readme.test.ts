// Issue 12, item 7: every code block of the verifier's README is one of its examples/ files, word for word, and
// every example is in the README. The examples are type-checked (workspace tsc, and tsc --strict in the tarball
// test) and run against the real pair (test/package/verifier-tarball.test.ts, test/e2e/adoption.test.ts).
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'

const verifierDir = resolve(dirname(fileURLToPath(import.meta.url)), '../../packages/verifier')
const readme = await readFile(join(verifierDir, 'README.md'), 'utf8')
// A fence names its file: ```ts file=examples/express-service.ts
const blocks = [...readme.matchAll(/^```([^\n]*)\n([\s\S]*?)^```$/gm)].map(([, info = '', body = '']) => ({
  file: /\bfile=(\S+)/.exec(info)?.[1],
  body,
}))

t.test('every code block of the README names an example file and is that file, word for word', async (t) => {
  t.ok(blocks.length > 0, 'the README has code blocks')
  for (const [index, block] of blocks.entries()) {
    if (block.file === undefined) {
      t.fail(`code block ${index + 1} names no file=examples/...: every snippet must be a tested example`)
      continue
    }
    t.equal(block.body, await readFile(join(verifierDir, block.file), 'utf8'), `the block for ${block.file} is that file`)
  }
})

t.test('every example is shown in the README', async (t) => {
  const examples = (await readdir(join(verifierDir, 'examples'))).filter((file) => file.endsWith('.ts'))
  t.ok(examples.length >= 3, 'Fastify, Express and node:http examples')
  t.same(examples.filter((file) => !blocks.some((block) => block.file === `examples/${file}`)), [], 'none is missing')
})
