import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { join } from 'node:path'
import { ratioChart } from './chart.js'
import { markdownTable, problems, type Row } from './report.js'
import type { Placement } from './cpus.js'
import type { BenchSettings } from './settings.js'

/** Where the bench ran. */
export interface Machine {
  cpu: string
  cores: number
  memoryGiB: number
  node: string
  platform: string
}

/** Everything docs/benchmarks/latest.json holds. */
export interface BenchReport {
  date: string
  machine: Machine
  bcryptCost: number
  mongo: string
  settings: BenchSettings
  /** Where the loaded server and the load generator ran; absent when nothing was pinned. */
  placement?: Placement
  /** The median of the runs (sums for non-2xx and errors). */
  rows: Row[]
  /** Each run's rows, in order. */
  runs: Row[][]
  /** RSS after the whole bench, by server, in MB (10^6 bytes). */
  rssMB: Record<string, number>
  /** RSS once the servers were up and the users made, before any load, for comparison. */
  rssAtStartMB: Record<string, number>
  seconds: number
}

export function describeMachine(): Machine {
  const all = cpus()
  return {
    cpu: all[0]?.model.trim() ?? 'unknown',
    cores: all.length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
  }
}

/** One line naming the date, machine and set-up, for the table's heading. */
export function summaryLine(report: BenchReport): string {
  const { machine, settings } = report
  const runs = settings.runs > 1 ? `, median of ${settings.runs} runs` : ''
  const { placement } = report
  const pinned = placement ? `, server on CPU ${placement.server} and load on CPU ${placement.load}` : ', unpinned'
  return (
    `${report.date.slice(0, 10)}, ${machine.cpu} x ${machine.cores} cores, ${machine.memoryGiB} GiB, node ${machine.node}, ` +
    `${report.mongo}, bcrypt cost ${report.bcryptCost}, ${settings.durationSeconds} s per target${runs}${pinned}`
  )
}

/** The "Latest figures" block: heading line, table, goals and notes, and problems, as Markdown. */
export function markdownReport(report: BenchReport, notes: readonly string[]): string {
  const issues = problems(report.rows)
  return [
    summaryLine(report),
    '',
    markdownTable(report.rows),
    '',
    ...notes.map((note) => `- ${note}`),
    ...issues.map((issue) => `- problem: ${issue}`),
    '',
  ].join('\n')
}

const START = '<!-- bench:latest:start -->'
const END = '<!-- bench:latest:end -->'

/** Writes docs/benchmarks/latest.{json,svg,md}; with `updateDocs`, also the marked section of docs/BENCHMARKS.md. */
export async function writeOutputs(root: string, report: BenchReport, notes: readonly string[]): Promise<string[]> {
  const dir = join(root, 'docs', 'benchmarks')
  await mkdir(dir, { recursive: true })
  const markdown = markdownReport(report, notes)
  const files = [join(dir, 'latest.json'), join(dir, 'latest.svg'), join(dir, 'latest.md')]
  await writeFile(files[0]!, `${JSON.stringify(report, null, 2)}\n`)
  await writeFile(files[1]!, ratioChart(report.rows, summaryLine(report)))
  await writeFile(files[2]!, markdown)
  if (report.settings.updateDocs) files.push(await replaceLatestSection(join(root, 'docs', 'BENCHMARKS.md'), markdown))
  return files
}

async function replaceLatestSection(path: string, markdown: string): Promise<string> {
  const text = await readFile(path, 'utf8')
  const start = text.indexOf(START)
  const end = text.indexOf(END)
  if (start < 0 || end < start) throw new Error(`${path} has no ${START} ... ${END} section to replace`)
  await writeFile(path, `${text.slice(0, start + START.length)}\n${markdown}${text.slice(end)}`)
  return path
}
