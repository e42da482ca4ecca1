import type { BenchReport } from './output.js'

/** The figures the issue sets goals for, what verification costs within its own service, memory: a line each. */
export function findings(report: BenchReport): string[] {
  const rps = (target: string) => report.rows.find((row) => row.target === target)?.rps
  const [me, floor] = [rps('me'), rps('resource_healthz')]
  const lag = report.rows.find((row) => row.target === 'login')?.eventLoopP99Ms
  const rss = report.rssMB['resource']
  const verdict = (value: number | undefined, limit: number) => (value === undefined ? 'not measured' : value < limit ? 'met' : 'MISSED')
  const memory = Object.entries(report.rssMB).map(([name, mb]) => `${name} ${mb} MB (${report.rssAtStartMB[name] ?? '-'} MB before load)`)
  return [
    `session lookups per heartbeat (tracked mode; each heartbeat is one PING): me ${lookupsPerHeartbeat(report, 'me')}, forward_auth ${lookupsPerHeartbeat(report, 'forward_auth')}`,
    `GET /me against the resource service's own /healthz (every hook but verification): ${me && floor ? (me / floor).toFixed(2) : '-'}`,
    `issuer event-loop delay p99 during login: ${lag?.toFixed(1) ?? '-'} ms (goal < 20 ms: ${verdict(lag, 20)})`,
    `resource service RSS after the bench: ${rss?.toFixed(1) ?? '-'} MB (goal < 150 MB: ${verdict(rss, 150)})`,
    `RSS after the bench: ${memory.join(', ')}`,
  ]
}

function lookupsPerHeartbeat(report: BenchReport, target: string): string {
  const counters = report.rows.find((row) => row.target === target)?.counters ?? {}
  const heartbeats = counters['verifier_heartbeats_total']
  const lookups = Object.entries(counters)
    .filter(([name]) => name.startsWith('verifier_session_lookups_total'))
    .reduce((total, [, count]) => total + count, 0)
  return heartbeats === undefined || heartbeats === 0 ? '-' : (lookups / heartbeats).toFixed(1)
}
