import { setCpus, type Placement } from './cpus.js'
import { counterDeltas, scrape, type Scrape } from './metrics.js'
import { withRatios, type Row } from './report.js'
import { urlOf, type Stack } from './stack.js'
import type { Target } from './targets.js'

/** Prints a progress line, so a user sees the bench move. */
export function progress(text: string): void {
  console.log(`==> ${text}`)
}

/** How each target is run: its load's length, and where processes are pinned (undefined: nowhere). */
export interface MeasureOptions {
  seconds: number
  warmupSeconds: number
  placement: Placement | undefined
}

/** Runs every target once, in order, and returns its rows with ratios. */
export async function runTargets(list: readonly Target[], stack: Stack, options: MeasureOptions): Promise<Row[]> {
  const rows: Row[] = []
  for (const target of list) {
    if (options.placement !== undefined) await place(target, stack, options.placement)
    rows.push(await measure(target, stack, options.seconds, options.warmupSeconds))
  }
  return withRatios(rows)
}

/**
 * The target's server on CPUs of its own; the bench (autocannon), the stores and every other server, idle but for
 * their timers, on the rest. Everything anywhere for a target that needs every core.
 */
async function place(target: Target, stack: Stack, placement: Placement): Promise<void> {
  const pinned = target.allCpus !== true ? target.server : undefined
  const outside = pinned === undefined ? placement.all : placement.load
  const moves: [number | undefined, string][] = [
    [process.pid, outside],
    ...stack.stores.map((store): [number | undefined, string] => [store.pid, outside]),
    ...Object.entries(stack.children).map(([name, child]): [number | undefined, string] => [
      child.child.pid,
      name === pinned ? placement.server : outside,
    ]),
  ]
  await Promise.all(moves.flatMap(([pid, cpus]) => (pid === undefined ? [] : [setCpus(pid, cpus)])))
}

/**
 * Warm-up (unmeasured), a scrape of the server's /metrics to reset its event-loop histogram, the measured load,
 * and a second scrape whose event-loop p99 covers the measured window alone.
 */
async function measure(target: Target, stack: Stack, seconds: number, warmupSeconds: number): Promise<Row> {
  const warmup = target.warmup && warmupSeconds > 0
  progress(`${target.name}: ${warmup ? `${warmupSeconds} s warm-up, then ` : ''}${seconds} s`)
  if (warmup) {
    await target.load(warmupSeconds)
    await target.afterLoad?.()
  }
  const server = target.server === undefined ? undefined : urlOf(stack, target.server)
  const none: Scrape = { counters: {} }
  const before = server === undefined ? none : await scrape(server)
  const loadCpu = process.cpuUsage()
  const result = await target.load(seconds)
  const after = server === undefined ? none : await scrape(server)
  const { user, system } = process.cpuUsage(loadCpu)
  await target.afterLoad?.()
  const row: Row = {
    target: target.name,
    ...(target.ceiling !== undefined && { ceiling: target.ceiling }),
    ...result,
    ...(after.eventLoopP99Ms !== undefined && { eventLoopP99Ms: after.eventLoopP99Ms }),
    ...cpuFigures(before, after, result.rps * seconds),
    loadCores: (user + system) / 1e6 / seconds,
    counters: counterDeltas(before, after),
  }
  if (row.non2xx > 0 || row.errors > 0) console.error(`    ${target.name}: ${row.non2xx} non-2xx answers, ${row.errors} connection errors`)
  return row
}

/** The server's CPU time (every thread) per answer, in microseconds; nothing when it does not report its CPU. */
function cpuFigures(before: Scrape, after: Scrape, answers: number): Pick<Row, 'serverCpuUsPerRequest'> {
  if (before.cpuSeconds === undefined || after.cpuSeconds === undefined || answers === 0) return {}
  return { serverCpuUsPerRequest: ((after.cpuSeconds - before.cpuSeconds) * 1e6) / answers }
}
