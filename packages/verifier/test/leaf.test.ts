// Issue 12, item 1: the verifier is a leaf that other repositories install. It imports nothing else of this repo, and
// its core entry loads neither a Redis client, nor MongoDB's driver, nor a framework (it loaded the MongoDB driver's
// 213 modules). The built entries are imported in a child process whose module hooks record every module resolved.
import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import t from 'tap'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const run = promisify(execFile)

// Registered in the child: every specifier resolved, by anyone, is written to stdout's list at the end.
const HOOKS = `
let port
export function initialize(data) { port = data.port }
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context)
  port.postMessage(result.url)
  return result
}`

const CHILD = `
import { register, createRequire } from 'node:module'
import { MessageChannel } from 'node:worker_threads'
const { port1, port2 } = new MessageChannel()
const resolved = []
port1.on('message', (url) => resolved.push(url))
register('data:text/javascript,' + encodeURIComponent(process.env.HOOKS), { data: { port: port2 }, transferList: [port2] })
await import(process.env.ENTRY)
// Messages come across threads: wait until a last probe resolved after the import has been heard.
await import('node:path')
await new Promise((settle) => { const poll = () => resolved.includes('node:path') ? settle() : setTimeout(poll, 5); poll() })
port1.close()
const required = Object.keys(createRequire(process.cwd() + '/').cache)
console.log(JSON.stringify([...resolved, ...required]))
`

/** Every module a fresh process loads for `import(entry)`, as URLs or paths. */
async function modulesLoadedBy(entry: string): Promise<string[]> {
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', CHILD], {
    cwd: root,
    env: { ...process.env, HOOKS, ENTRY: pathToFileURL(join(root, entry)).href, NODE_OPTIONS: '' },
  })
  return JSON.parse(stdout) as string[]
}

const FORBIDDEN = /\/node_modules\/(ioredis|mongodb|fastify|fastify-plugin|@fastify\/[^/]+)\//
const OTHER_PACKAGES = /\/packages\/(?!verifier\/)[^/]+\//

t.test('importing the core entry loads neither ioredis nor mongodb nor fastify', async (t) => {
  const loaded = await modulesLoadedBy('dist/index.js')
  t.ok(loaded.some((url) => url.includes('/node_modules/jose/')), 'the hooks see what loads (jose does)')
  t.same(loaded.filter((url) => FORBIDDEN.test(url)), [], 'no driver and no framework')
  t.same(loaded.filter((url) => OTHER_PACKAGES.test(url)), [], 'nothing else of this repository')
})

t.test('the redis entry loads ioredis, and still no mongodb and no fastify (the check above can see a driver)', async (t) => {
  const loaded = await modulesLoadedBy('dist/redis/index.js')
  t.ok(loaded.some((url) => url.includes('/node_modules/ioredis/')), 'ioredis is seen')
  t.same(loaded.filter((url) => /\/node_modules\/(mongodb|fastify|@fastify\/[^/]+)\//.test(url)), [])
  t.same(loaded.filter((url) => OTHER_PACKAGES.test(url)), [])
})

t.test('the package depends on nothing of this repository; ioredis, fastify, express and @fastify/cookie are peers', async (t) => {
  const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, unknown> | undefined>
  t.same(Object.keys(manifest['dependencies'] ?? {}).sort(), ['fastify-plugin', 'jose'])
  t.same(Object.keys(manifest['peerDependencies'] ?? {}).sort(), ['@fastify/cookie', 'express', 'fastify', 'ioredis'])
  t.same(manifest['peerDependenciesMeta']?.['@fastify/cookie'], { optional: true })
  const all = ['dependencies', 'peerDependencies', 'devDependencies'].flatMap((field) => Object.keys(manifest[field] ?? {}))
  t.same(all.filter((name) => name.startsWith('@authpair/')), [])
})

t.test('no source file imports another package of this repository', async (t) => {
  const files = (await readdir(join(root, 'src'), { recursive: true })).filter((file) => file.endsWith('.ts'))
  t.ok(files.length > 10)
  for (const file of files) {
    const text = await readFile(join(root, 'src', file), 'utf8')
    t.notMatch(text, /from '@authpair\//, file)
  }
})
