import { copyFile, mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runCommand } from './run-command.js'

const INSTALL_TIMEOUT_MS = 240_000
const TSC_TIMEOUT_MS = 120_000

// The majors this repository builds and tests with; @types/node follows the engines field (Node 20).
const CONSUMER_DEPENDENCIES = ['fastify@5', 'express@5', 'ioredis@5', 'typescript@5.9', '@types/node@20', '@types/express@5']

// A strict consumer of its own: NodeNext, strict, and its libraries' declarations checked too (no skipLibCheck).
const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    types: ['node'],
    rootDir: 'src',
    outDir: 'dist',
  },
  include: ['src'],
}

// Starts one of the README's examples, as the test asks: `node dist/main.js fastify|express|node`.
const MAIN = `import { buildExampleService } from './fastify-service.js'
import { buildExpressService } from './express-service.js'
import { buildNodeService } from './node-http-service.js'

const issuerUrl = process.env.ISSUER_URL ?? ''
const redisUrl = process.env.REDIS_URL ?? ''
const keyPrefix = process.env.REDIS_KEY_PREFIX
const port = Number(process.env.PORT)
const kind = process.argv[2]
if (kind === 'fastify') {
  const app = await buildExampleService(issuerUrl, redisUrl, keyPrefix)
  await app.listen({ host: '127.0.0.1', port })
} else if (kind === 'express') {
  const { app } = await buildExpressService(issuerUrl, redisUrl, keyPrefix)
  app.listen(port, '127.0.0.1')
} else {
  const server = await buildNodeService(issuerUrl, redisUrl, keyPrefix)
  server.listen(port, '127.0.0.1')
}
console.log(\`\${kind} example listening on \${port}\`)
`

/**
 * A new npm project in `dir` (outside the workspace: no pnpm, no workspace settings) that installs the tarballs and
 * the frameworks, holds the README's examples under src/, and builds them with its own TypeScript.
 * @throws Error with the failing command's output (npm install, tsc).
 */
export async function createConsumer(dir: string, tarballs: readonly string[], examplesDir: string): Promise<void> {
  const npm = (...args: string[]) => runCommand('npm', [...args], dir, INSTALL_TIMEOUT_MS)
  await mkdir(join(dir, 'src'), { recursive: true })
  await npm('init', '-y')
  await npm('pkg', 'set', 'type=module')
  await npm('install', '--no-audit', '--no-fund', '--no-update-notifier', ...tarballs, ...CONSUMER_DEPENDENCIES)
  for (const file of await readdir(examplesDir)) {
    if (file.endsWith('.ts')) await copyFile(join(examplesDir, file), join(dir, 'src', file))
  }
  await writeFile(join(dir, 'src', 'main.ts'), MAIN)
  await writeFile(join(dir, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2))
}

/** `tsc --strict --noEmit` with the consumer's own TypeScript, then the build that `node` runs. */
export async function typeCheckAndBuild(dir: string): Promise<void> {
  const tsc = join(dir, 'node_modules', 'typescript', 'bin', 'tsc')
  await runCommand(process.execPath, [tsc, '-p', 'tsconfig.json', '--strict', '--noEmit'], dir, TSC_TIMEOUT_MS)
  await runCommand(process.execPath, [tsc, '-p', 'tsconfig.json'], dir, TSC_TIMEOUT_MS)
}

/** The names of every package under a node_modules folder, nested node_modules included. */
export async function installedPackages(nodeModules: string, names = new Set<string>()): Promise<Set<string>> {
  const entries = await readdir(nodeModules, { withFileTypes: true }).catch(() => [])
  for (const entry of entries) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue
    const scoped = entry.name.startsWith('@')
    const packages = scoped ? await readdir(join(nodeModules, entry.name)) : [entry.name]
    for (const name of packages) {
      const packageDir = join(nodeModules, scoped ? entry.name : '', name)
      names.add(scoped ? `${entry.name}/${name}` : name)
      await installedPackages(join(packageDir, 'node_modules'), names)
    }
  }
  return names
}
