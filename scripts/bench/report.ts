import type { LoadResult } from './load.js'

/** One target's figures in one run (or the median of several). */
export interface Row extends LoadResult {
  target: string
  /** The target this one is compared with, and req/s over the ceiling's req/s. */
  ceiling?: string
  ratio?: number
  /** With several runs, each run's ratio, in order: the spread behind the median. */
  runRatios?: number[]
  /** Event-loop delay p99 of the server under load, during the measured window. */
  eventLoopP99Ms?: number
  /** The server's CPU time per answer (all its threads, so signing and hashing count), in microseconds. */
  serverCpuUsPerRequest?: number
  /** With several runs, each run's CPU per answer, in order: the steadier figure's spread. */
  runCpuUsPerRequest?: number[]
  /** CPU cores the bench's own process (autocannon) used while it drove the load. */
  loadCores?: number
  /** How much the server's watched counters grew during the measured window (see metrics.ts). */
  counters?: Record<string, number>
}

/** Sets each row's ratio from the rows it names as ceilings. */
export function withRatios(rows: readonly Row[]): Row[] {
  const rps = new Map(rows.map((row) => [row.target, row.rps]))
  return rows.map((row) => {
    const ceiling = row.ceiling === undefined ? undefined : rps.get(row.ceiling)
    return ceiling === undefined || ceiling === 0 ? row : { ...row, ratio: row.rps / ceiling }
  })
}

/**
 * One row per target from several runs: the median of each rate and latency, but the sum of non-2xx and errors
 * (a target that failed in one run of three must still show it). A ratio is the median of each run's ratio: a row
 * and its ceiling are compared within one run, as the machine was then.
 */
export function medianRows(runs: readonly (readonly Row[])[]): Row[] {
  const first = runs[0] ?? []
  return first.map((row, index) => {
    const same = runs.map((run) => run[index]!)
    const statusCodes = addUp(same.map((other) => other.statusCodes))
    const counters = addUp(same.map((other) => other.counters ?? {}))
    const eventLoop = same.flatMap((other) => (other.eventLoopP99Ms === undefined ? [] : [other.eventLoopP99Ms]))
    const ratios = same.flatMap((other) => (other.ratio === undefined ? [] : [other.ratio]))
    const cpu = same.flatMap((other) => (other.serverCpuUsPerRequest === undefined ? [] : [other.serverCpuUsPerRequest]))
    const load = same.flatMap((other) => (other.loadCores === undefined ? [] : [other.loadCores]))
    return {
      target: row.target,
      ...(row.ceiling !== undefined && { ceiling: row.ceiling }),
      rps: median(same.map((other) => other.rps)),
      p50Ms: median(same.map((other) => other.p50Ms)),
      p99Ms: median(same.map((other) => other.p99Ms)),
      non2xx: sum(same.map((other) => other.non2xx)),
      errors: sum(same.map((other) => other.errors)),
      statusCodes,
      counters,
      ...(eventLoop.length > 0 && { eventLoopP99Ms: median(eventLoop) }),
      ...(cpu.length > 0 && { serverCpuUsPerRequest: median(cpu) }),
      ...(load.length > 0 && { loadCores: median(load) }),
      ...(ratios.length > 0 && { ratio: median(ratios) }),
      ...(ratios.length > 1 && { runRatios: ratios }),
      ...(cpu.length > 1 && { runCpuUsPerRequest: cpu }),
    }
  })
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle]! : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0)

function addUp(counts: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {}
  for (const each of counts) for (const [key, count] of Object.entries(each)) total[key] = (total[key] ?? 0) + count
  return total
}

const HEADER = ['target', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'errors', 'ceiling', 'ratio', 'each run', 'event loop p99 ms', 'server CPU µs/req', 'CPU each run', 'load cores']

function cells(row: Row): string[] {
  return [
    row.target,
    row.rps >= 100 ? row.rps.toFixed(0) : row.rps.toFixed(1),
    row.p50Ms.toFixed(1),
    row.p99Ms.toFixed(1),
    String(row.non2xx),
    String(row.errors),
    row.ceiling ?? '(ceiling)',
    row.ratio === undefined ? '-' : row.ratio.toFixed(2),
    row.runRatios?.map((ratio) => ratio.toFixed(2)).join(' ') ?? '-',
    row.eventLoopP99Ms === undefined ? '-' : row.eventLoopP99Ms.toFixed(1),
    row.serverCpuUsPerRequest === undefined ? '-' : row.serverCpuUsPerRequest.toFixed(0),
    row.runCpuUsPerRequest?.map((cpu) => cpu.toFixed(0)).join(' ') ?? '-',
    row.loadCores === undefined ? '-' : row.loadCores.toFixed(2),
  ]
}

/** A plain-text table, numbers right-aligned. */
export function textTable(rows: readonly Row[]): string {
  const table = [HEADER, ...rows.map(cells)]
  const widths = HEADER.map((_, column) => Math.max(...table.map((line) => line[column]!.length)))
  const pad = (text: string, column: number) =>
    column === 0 || column === 6 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!)
  return table.map((line) => line.map(pad).join('  ').trimEnd()).join('\n')
}

/** The same table in Markdown, for docs/BENCHMARKS.md. */
export function markdownTable(rows: readonly Row[]): string {
  const line = (values: readonly string[]) => `| ${values.join(' | ')} |`
  const align = HEADER.map((_, column) => (column === 0 || column === 6 ? '---' : '---:'))
  return [line(HEADER), line(align), ...rows.map((row) => line(cells(row)))].join('\n')
}

// Counters that should never move during the bench.
const ALARMS = ['refresh_reuse_detections_total', 'store_errors_total']

/** One line per target with no answer at all, non-2xx answers, errors, refresh reuse detections or store errors. */
export function problems(rows: readonly Row[]): string[] {
  return rows.flatMap((row) => {
    const alarms = Object.entries(row.counters ?? {}).filter(([name]) => ALARMS.some((alarm) => name.startsWith(alarm)))
    if (row.rps === 0) return [`${row.target}: no request completed (answers slower than BENCH_DURATION?)`]
    if (row.non2xx === 0 && row.errors === 0 && alarms.length === 0) return []
    const codes = Object.entries(row.statusCodes).filter(([code]) => !code.startsWith('2'))
    const detail = codes.map(([code, count]) => `${count} x ${code}`).join(', ')
    const counted = alarms.map(([name, count]) => `, ${name} +${count}`).join('')
    return [`${row.target}: ${row.non2xx} non-2xx${detail ? ` (${detail})` : ''}, ${row.errors} connection errors${counted}`]
  })
}
