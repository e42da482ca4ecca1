import { counterDeltas, scrape, type Scrape } from './metrics.js'
import { withRatios, type Row } from './report.js'
import { urlOf, type Stack } from './stack.js'
import type { Target } from './targets.js'

/** Prints a progress line, so a user sees the bench move. */
export function progress(text: string): void {
  console.log(`==> ${text}`)
}

/** Runs every target once, in order, and returns its rows with ratios. */
export async function runTargets(list: readonly Target[], stack: Stack, seconds: number, warmupSeconds: number): Promise<Row[]> {
  const rows: Row[] = []
  for (const target of list) rows.push(await measure(target, stack, seconds, warmupSeconds))
  return withRatios(rows)
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
  const result = await target.load(seconds)
  const after = server === undefined ? none : await scrape(server)
  await target.afterLoad?.()
  const row: Row = {
    target: target.name,
    ...(target.ceiling !== undefined && { ceiling: target.ceiling }),
    ...result,
    ...(after.eventLoopP99Ms !== undefined && { eventLoopP99Ms: after.eventLoopP99Ms }),
    counters: counterDeltas(before, after),
  }
  if (row.non2xx > 0 || row.errors > 0) console.error(`    ${target.name}: ${row.non2xx} non-2xx answers, ${row.errors} connection errors`)
  return row
}
