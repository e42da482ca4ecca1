// The test harness behind `pnpm test`: one Redis and one MongoDB-compatible server for the whole run (test files
// use their own database names and key prefixes), then tap with any arguments passed through. tap's summary must
// stay the last line printed, so nothing is written after it. With TEST_REDIS_TOPOLOGY=cluster it also starts a
// Redis Cluster, which the services under test use (`pnpm test:cluster`, issue 15).
import { spawn } from 'node:child_process'
import { statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { constants, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startMailpit, startMongo, startRedis, startRedisCluster } from '@authpair/local-servers'

/** A server or topology this run started, stopped at the end. */
type Stoppable = { stop(): Promise<void> }

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

async function startServers(dir: string, servers: Stoppable[]): Promise<{ redisUrl: string; mongoUrl: string }> {
  const { REDIS_URL: redisUrl, MONGO_URL: mongoUrl } = process.env
  const [redis, mongo] = await Promise.allSettled([
    redisUrl ? undefined : startRedis({ dataDir: join(dir, 'redis') }),
    mongoUrl ? undefined : startMongo({ dataDir: join(dir, 'mongo') }),
  ])
  // Keep what did start, so the caller stops it before removing its data directory.
  for (const result of [redis, mongo]) if (result.status === 'fulfilled' && result.value) servers.push(result.value)
  if (redis.status === 'rejected') throw redis.reason
  if (mongo.status === 'rejected') throw mongo.reason
  return { redisUrl: redisUrl || (redis.value?.url ?? ''), mongoUrl: mongoUrl || (mongo.value?.url ?? '') }
}

/** The node list of a Cluster started for TEST_REDIS_TOPOLOGY=cluster; undefined when not asked for. */
async function startClusterIfAsked(dir: string, servers: Stoppable[]): Promise<string | undefined> {
  const topology = process.env.TEST_REDIS_TOPOLOGY
  if (topology === undefined || topology === '' || topology === 'single') return undefined
  if (topology !== 'cluster') throw new Error(`TEST_REDIS_TOPOLOGY is ${topology}; use cluster, or leave it unset for one server`)
  const cluster = await startRedisCluster({ dataDir: join(dir, 'cluster') })
  servers.push(cluster)
  return cluster.nodeAddresses
}

// tap runs every file under a directory argument, sources included; `pnpm test packages/x` means its tests.
function testFileArgs(args: readonly string[]): string[] {
  return args.map((arg, index) => {
    if (arg.startsWith('-') || args[index - 1] === '--output-dir' || !isDirectory(arg)) return arg
    return `${arg.replace(/\/+$/, '')}/**/*.test.ts`
  })
}

function isDirectory(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false
}

function runTap(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const tap = spawn(join(root, 'node_modules', '.bin', 'tap'), args, { cwd: root, env, stdio: 'inherit' })
  // A signal sent to this process alone (not the terminal's process group) must still reach tap.
  const forward = (signal: NodeJS.Signals) => tap.kill(signal)
  process.on('SIGINT', forward).on('SIGTERM', forward)
  return new Promise((done) => {
    tap.once('error', (error) => {
      console.error(`Could not run tap: ${error.message}. Run \`pnpm install\` first.`)
      done(1)
    })
    // Killed by a signal: exit as a shell reports it, 128 + its number.
    tap.once('exit', (code, signal) => done(code ?? 128 + (signal === null ? 0 : constants.signals[signal])))
  })
}

async function main(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'authpair-test-'))
  const servers: Stoppable[] = []
  try {
    const { redisUrl, mongoUrl } = await startServers(dir, servers)
    // One Mailpit for the run (issue 14): test files tell their mail apart by recipient, never clear the inbox.
    const mailpit = await startMailpit({ dataDir: join(dir, 'mailpit') })
    servers.push(mailpit)
    const cluster = await startClusterIfAsked(dir, servers)
    return await runTap(testFileArgs(process.argv.slice(2)), {
      ...process.env,
      TEST_REDIS_URL: redisUrl,
      TEST_MONGO_URL: mongoUrl,
      TEST_SMTP_URL: mailpit.url,
      TEST_MAILPIT_URL: mailpit.httpUrl,
      ...(cluster !== undefined && { TEST_REDIS_CLUSTER_NODES: cluster }),
      TS_NODE_PROJECT: join(root, 'tsconfig.test.json'),
    })
  } catch (error) {
    console.error(error instanceof Error ? error.message : error)
    return 1
  } finally {
    await Promise.allSettled(servers.map((server) => server.stop()))
    await rm(dir, { recursive: true, force: true })
  }
}

process.exitCode = await main()
