/** The numbers the bench reads from a server's Prometheus `/metrics`. */
export interface Scrape {
  /** `nodejs_eventloop_lag_p99_seconds` less the histogram's 10 ms sampling interval, in milliseconds. */
  eventLoopP99Ms?: number
  /** `process_resident_memory_bytes`, in MB (10^6 bytes). */
  rssMB?: number
  /** `process_cpu_seconds_total`: user and system CPU time of the whole process, every thread. */
  cpuSeconds?: number
  /** The samples of WATCHED counters, by their full name with labels (`refreshes_total{outcome="success"}`). */
  counters: Record<string, number>
}

// perf_hooks' event-loop histogram records the time between two samples of its 10 ms timer (prom-client's default
// precision), not the delay alone: an idle process reads about 10.6 ms. The delay is what lies beyond the interval.
const SAMPLING_INTERVAL_MS = 10

// Counters that tell why a row looks as it does: cache answers and heartbeats in the resource service, refresh outcomes and
// reuse detections in the issuer, 503s by store in both.
const WATCHED = [
  'verifier_session_lookups_total',
  'verifier_heartbeats_total',
  'verifier_token_cache_lookups_total',
  'refreshes_total',
  'refresh_reuse_detections_total',
  'logins_total',
  'store_errors_total',
]

/**
 * Reads `<base>/metrics`. prom-client computes its event-loop gauges from a perf_hooks histogram and resets that
 * histogram on every collect (prom-client 15, lib/metrics/eventLoopLag.js), so a scrape right before a target
 * and one right after give, in the second, the delay during the target alone.
 * @returns empty numbers when the server does not answer: a missing figure must not stop the bench.
 */
export async function scrape(base: string): Promise<Scrape> {
  try {
    const response = await fetch(`${base}/metrics`, { signal: AbortSignal.timeout(5000) })
    const text = await response.text()
    const lag = gauge(text, 'nodejs_eventloop_lag_p99_seconds')
    const rss = gauge(text, 'process_resident_memory_bytes')
    const cpu = gauge(text, 'process_cpu_seconds_total')
    return {
      ...(cpu !== undefined && { cpuSeconds: cpu }),
      ...(lag !== undefined && { eventLoopP99Ms: Math.max(0, lag * 1000 - SAMPLING_INTERVAL_MS) }),
      ...(rss !== undefined && { rssMB: rss / 1e6 }),
      counters: watchedCounters(text),
    }
  } catch {
    return { counters: {} }
  }
}

/** How much each counter grew from `before` to `after`; counters that did not move are left out. */
export function counterDeltas(before: Scrape, after: Scrape): Record<string, number> {
  const deltas: Record<string, number> = {}
  for (const [name, value] of Object.entries(after.counters)) {
    const delta = value - (before.counters[name] ?? 0)
    if (delta !== 0) deltas[name] = delta
  }
  return deltas
}

function watchedCounters(text: string): Record<string, number> {
  const counters: Record<string, number> = {}
  for (const line of text.split('\n')) {
    if (!WATCHED.some((name) => line.startsWith(name))) continue
    const space = line.lastIndexOf(' ')
    const value = Number(line.slice(space + 1))
    if (Number.isFinite(value)) counters[line.slice(0, space)] = value
  }
  return counters
}

/** The value of an unlabelled sample `name value` (Prometheus text format). */
function gauge(text: string, name: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `))
  const value = line === undefined ? Number.NaN : Number(line.slice(name.length + 1).trim().split(' ')[0])
  return Number.isFinite(value) ? value : undefined
}
