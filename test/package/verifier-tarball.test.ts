// Issue 12, items 2 and 7: the verifier as another team installs it. `pnpm pack`, then a new npm project outside the
// workspace installs the tarball with plain npm, type-checks the README's examples with `tsc --strict`, and runs
// them against the real pair: login, call, logout, next call refused. It downloads from the npm registry (a minute
// or two on a cold cache).
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { findFreePort } from '@authpair/local-servers'
import { bearer, login, startPair } from '../e2e/harness.js'
import { startChild, stopChild, waitForStatus } from '../gateway/children.js'
import { createConsumer, installedPackages, typeCheckAndBuild } from './consumer-project.js'
import { packVerifier } from './pack-verifier.js'
import { runCommand } from './run-command.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
t.setTimeout(600_000)

const work = await mkdtemp(join(tmpdir(), 'authpair-tarball-'))
t.teardown(() => rm(work, { recursive: true, force: true }))
const packDir = join(work, 'pack')
const consumer = join(work, 'consumer')
await mkdir(packDir)
await mkdir(consumer)
const packed = await packVerifier(root, packDir)

t.test('the tarball holds dist, README.md and LICENSE, and depends on no other package of this repository', async (t) => {
  const files = (await runCommand('tar', ['-tzf', packed.verifier], work, 30_000)).stdout.split('\n').filter(Boolean)
  for (const wanted of ['package/LICENSE', 'package/README.md', 'package/dist/index.js', 'package/dist/index.d.ts', 'package/dist/express/index.js']) {
    t.ok(files.includes(wanted), `has ${wanted}`)
  }
  t.same(files.filter((file) => /^package\/(src|test|examples)\/|tsbuildinfo|\.map$/.test(file)), [], 'no src/, test/, tsbuildinfo or source maps')
  const manifest = (await runCommand('tar', ['-xzOf', packed.verifier, 'package/package.json'], work, 30_000)).stdout
  t.same(packed.internal, [], 'nothing else of this repository had to be packed')
  t.notMatch(manifest, /"@authpair\/(?!verifier")/, 'its package.json names no other @authpair package')
})

t.test('a project outside the workspace installs it with npm, type-checks the examples strictly, and runs them', async (t) => {
  await createConsumer(consumer, [packed.verifier, ...packed.internal], join(root, 'packages', 'verifier', 'examples'))
  const installed = await installedPackages(join(consumer, 'node_modules'))
  t.ok(installed.has('@authpair/verifier'))
  t.notOk(installed.has('mongodb'), 'no mongodb in node_modules')
  t.same([...installed].filter((name) => name.startsWith('@authpair/')), ['@authpair/verifier'], 'no other @authpair package')
  await typeCheckAndBuild(consumer)

  const { issuer, issuerUrl, stores } = await startPair(t)
  for (const kind of ['fastify', 'express', 'node']) {
    const port = await findFreePort()
    const service = `http://127.0.0.1:${port}`
    const env = { ...process.env, ISSUER_URL: issuerUrl, REDIS_URL: stores.redisUrl, REDIS_KEY_PREFIX: stores.keyPrefix, PORT: String(port) }
    const child = startChild(`${kind} example`, process.execPath, ['dist/main.js', kind], { env, cwd: consumer })
    t.teardown(() => stopChild(child))
    await waitForStatus(child, `${service}/hello`, 401)

    const session = await login(issuer)
    const hello = await fetch(`${service}/hello`, { headers: bearer(session.access) })
    t.equal(hello.status, 200, `${kind}: a logged-in user passes`)
    t.match(await hello.json(), { hello: /@example\.com$/ })
    const logout = await fetch(`${issuerUrl}/auth/logout`, { method: 'POST', headers: bearer(session.access) })
    t.equal(logout.status, 204, `${kind}: logged out at the issuer`)
    const after = await fetch(`${service}/hello`, { headers: bearer(session.access) })
    t.equal(after.status, 401, `${kind}: the very next call is refused`)
    t.equal(after.headers.get('www-authenticate'), 'Bearer error="invalid_token"')
    t.match(await after.json(), { statusCode: 401, code: 'invalid_token' })
  }
})
