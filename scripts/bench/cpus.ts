// Which CPUs each process may use while a target is measured. autocannon runs in the bench's own process, so on a
// small machine it and the server under test fight for the same cores, and how the scheduler mixed them moved
// the ratios by as much as 30% between runs. Pinned, the loaded server has CPUs of its own and the load generator
// and the stores (which in production run on other machines) share the rest. Linux only, through taskset.
import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** Where processes go while a pinned target runs; `all` is where everything goes otherwise. */
export interface Placement {
  load: string
  server: string
  all: string
}

/**
 * The placement for this machine: the first allowed CPU for the load generator and stores, the others for the
 * server. Undefined when there are fewer than two CPUs, or no /proc (not Linux).
 */
export function planPlacement(): Placement | undefined {
  const cpus = allowedCpus()
  if (cpus === undefined || cpus.length < 2) return undefined
  return { load: String(cpus[0]), server: cpus.slice(1).join(','), all: cpus.join(',') }
}

/** Lets every thread of `pid` run only on `cpus` (a taskset list such as `1` or `1,2,3`). */
export async function setCpus(pid: number, cpus: string): Promise<void> {
  try {
    await run('taskset', ['--all-tasks', '--cpu-list', '--pid', cpus, String(pid)])
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'taskset is not installed (util-linux)' : String(error)
    throw new Error(`could not pin process ${pid} to CPUs ${cpus}: ${reason}; BENCH_PIN=0 runs unpinned`, { cause: error })
  }
}

function allowedCpus(): number[] | undefined {
  let status: string
  try {
    status = readFileSync('/proc/self/status', 'utf8')
  } catch {
    return undefined
  }
  const list = /^Cpus_allowed_list:\s*(.+)$/m.exec(status)?.[1]
  return list === undefined ? undefined : parseCpuList(list)
}

/** `0-2,5` → [0, 1, 2, 5]. */
export function parseCpuList(list: string): number[] {
  return list
    .trim()
    .split(',')
    .flatMap((part) => {
      const [from, to = from] = part.split('-').map(Number)
      if (from === undefined || to === undefined || !Number.isInteger(from) || !Number.isInteger(to)) return []
      return Array.from({ length: to - from + 1 }, (_, index) => from + index)
    })
}
