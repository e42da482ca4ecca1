// `pnpm bench`: private Redis and MongoDB, the built issuer and resource service (tracked and strict), and the
// bench's own helper servers; then every target under autocannon load, a table, and docs/benchmarks/latest.*.
// See docs/BENCHMARKS.md for what each row measures. It runs as `node --import tsx`, not under the tsx CLI: the
// CLI SIGKILLs its child when the child does not acknowledge Ctrl-C within 30 ms, which a process busy driving
// autocannon cannot do, and nothing would be stopped or removed.
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { killAllChildren } from './children.js'
import { planPlacement } from './cpus.js'
import { findings } from './findings.js'
import { stopLoad } from './load.js'
import { progress, runTargets } from './measure.js'
import { scrape } from './metrics.js'
import { describeMachine, summaryLine, writeOutputs, type BenchReport } from './output.js'
import { medianRows, problems, textTable, type Row } from './report.js'
import { readSettings } from './settings.js'
import { emptyStack, profileDir, startStack, stopStack, urlOf, type ServerName } from './stack.js'
import { selectTargets, targets } from './targets.js'
import { logIn, signUpUsers } from './users.js'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
const stack = emptyStack()
// Logins and signups at setup: each is a bcrypt hash, so a few at once keep both cores busy.
const SETUP_IN_FLIGHT = 8
let stopping = false

async function shutdown(code: number, message?: string): Promise<never> {
  stopping = true
  stopLoad()
  if (message !== undefined) console.error(message)
  await stopStack(stack)
  process.exit(code)
}

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) return
  console.error(`\n${signal}: stopping the bench`)
  void shutdown(130)
}

async function main(): Promise<void> {
  const started = Date.now()
  process.on('SIGINT', onSignal).on('SIGTERM', onSignal)
  process.on('exit', killAllChildren)
  const settings = readSettings(process.env)
  const placement = settings.pin ? planPlacement() : undefined
  const bcryptCost = readBcryptCost(process.env)
  const { durationSeconds, warmupSeconds } = settings
  progress(`starting servers (bcrypt cost ${bcryptCost}; Redis: ${settings.redis}; ${durationSeconds} s per target after ${warmupSeconds} s warm-up)`)
  await startStack(root, stack, { bcryptCost, profile: settings.profile, redis: settings.redis })
  for (const [name, child] of Object.entries(stack.children)) {
    void child.exited.then((how) => stopping || shutdown(1, `${name} stopped on its own (${how}); stopping the bench.`))
  }
  const issuer = urlOf(stack, 'issuer')
  progress(`signing up ${settings.users} users, logging in ${settings.users + settings.connections} sessions`)
  const users = await signUpUsers(issuer, settings.users, SETUP_IN_FLIGHT)
  const accessTokens = (await logIn(issuer, users, SETUP_IN_FLIGHT)).map((tokens) => tokens.accessToken)
  const owners = Array.from({ length: settings.connections }, (_, index) => users[index % users.length]!)
  const refreshChain = (await logIn(issuer, owners, SETUP_IN_FLIGHT)).map((tokens) => tokens.refreshToken)
  const all = targets({ root, stack, settings, bcryptCost, users, accessTokens, refreshChain })
  const list = selectTargets(all, settings.only)
  const rssAtStartMB = await residentMemory()

  const runs: Row[][] = []
  for (let run = 1; run <= settings.runs; run++) {
    if (settings.runs > 1) progress(`run ${run} of ${settings.runs}`)
    runs.push(await runTargets(list, stack, { seconds: durationSeconds, warmupSeconds, placement }))
  }
  const report: BenchReport = {
    date: new Date().toISOString(),
    machine: describeMachine(),
    bcryptCost,
    mongo: stack.mongoKind ?? 'unknown',
    settings,
    ...(placement && { placement }),
    rows: medianRows(runs),
    runs,
    rssMB: await residentMemory(),
    rssAtStartMB,
    seconds: Math.round((Date.now() - started) / 1000),
  }
  // A partial set is printed only: docs/benchmarks/latest.* show the whole set.
  const files = settings.only.length > 0 ? [] : await writeOutputs(root, report, findings(report))
  printReport(report, files)
  await shutdown(0)
}

async function residentMemory(): Promise<Record<string, number>> {
  const names: ServerName[] = ['issuer', 'resource', 'resource_strict']
  const entries = await Promise.all(names.map(async (name) => [name, (await scrape(urlOf(stack, name))).rssMB] as const))
  return Object.fromEntries(entries.flatMap(([name, rss]) => (rss === undefined ? [] : [[name, Math.round(rss * 10) / 10]])))
}

function printReport(report: BenchReport, files: readonly string[]): void {
  const lines = ['', summaryLine(report), '', textTable(report.rows), '', ...findings(report)]
  const issues = problems(report.rows)
  if (issues.length > 0) lines.push('', 'PROBLEMS:', ...issues.map((issue) => `  ${issue}`))
  lines.push('', files.length > 0 ? `wrote ${files.map((file) => file.slice(root.length + 1)).join(', ')}` : 'wrote nothing (BENCH_ONLY)')
  console.log(lines.join('\n'))
  if (report.settings.profile.length > 0) progress(`CPU profiles of ${report.settings.profile.join(', ')} in ${profileDir(root)}`)
  progress(`done in ${report.seconds} s`)
}

function readBcryptCost(env: NodeJS.ProcessEnv): number {
  const raw = env['BCRYPT_COST'] ?? ''
  const cost = raw === '' ? 12 : Number(raw)
  if (!Number.isInteger(cost) || cost < 4 || cost > 17) {
    throw new Error(`BCRYPT_COST is ${JSON.stringify(raw)}; expected an integer from 4 to 17 (12 by default)`)
  }
  return cost
}

main().catch((error: unknown) => {
  if (!stopping) void shutdown(1, `The bench failed: ${error instanceof Error ? error.message : String(error)}`)
})
