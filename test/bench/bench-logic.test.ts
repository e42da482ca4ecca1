// The bench's pure logic: CPU lists for pinning, BENCH_* settings, which targets BENCH_ONLY runs, and how several
// runs become one row. The bench itself is run by hand (`pnpm bench`), not in the suite.
import t from 'tap'
import { parseCpuList } from '../../scripts/bench/cpus.js'
import { medianRows, type Row } from '../../scripts/bench/report.js'
import { readSettings } from '../../scripts/bench/settings.js'
import { emptyStack, SERVER_NAMES } from '../../scripts/bench/stack.js'
import { selectTargets, targets, type Target } from '../../scripts/bench/targets.js'

t.test('a CPU list becomes CPU numbers', async (t) => {
  t.same(parseCpuList('0-1'), [0, 1])
  t.same(parseCpuList('0-2,5\n'), [0, 1, 2, 5])
  t.same(parseCpuList('3'), [3])
})

t.test('BENCH_* settings', async (t) => {
  const defaults = readSettings({})
  t.equal(defaults.pin, true, 'pinned unless told otherwise')
  t.same(defaults.only, [])
  t.equal(readSettings({ BENCH_PIN: '0' }).pin, false)
  t.same(readSettings({ BENCH_ONLY: 'refresh, me' }).only, ['refresh', 'me'])
  t.throws(() => readSettings({ BENCH_RUNS: '0' }), /BENCH_RUNS/)
  t.throws(() => readSettings({ BENCH_ONLY: 'me', BENCH_UPDATE_DOCS: '1' }), /whole set/)
})

t.test('BENCH_ONLY runs the named targets with their ceilings, in order', async (t) => {
  const target = (name: string, ceiling?: string): Target => ({
    name,
    ...(ceiling !== undefined && { ceiling }),
    warmup: false,
    load: () => Promise.reject(new Error('not run')),
  })
  const all = [target('bare'), target('me', 'bare'), target('sign_only'), target('refresh', 'sign_only')]
  const names = (list: readonly Target[]) => list.map((each) => each.name)
  t.same(names(selectTargets(all, [])), ['bare', 'me', 'sign_only', 'refresh'])
  t.same(names(selectTargets(all, ['refresh'])), ['sign_only', 'refresh'])
  t.same(names(selectTargets(all, ['refresh', 'bare'])), ['bare', 'sign_only', 'refresh'])
  t.throws(() => selectTargets(all, ['nope']), /BENCH_ONLY names nope; the targets are bare, me/)
})

t.test('issue 12: forward_auth is compared with bare, express with the same Express server\'s bare route', async (t) => {
  const stack = emptyStack()
  for (const name of SERVER_NAMES) stack.urls[name] = `http://127.0.0.1/${name}`
  const all = targets({ root: '.', stack, settings: readSettings({}), bcryptCost: 4, users: [], accessTokens: [], refreshChain: [] })
  const rows = (only: string[]) => selectTargets(all, only).map(({ name, ceiling, server }) => ({ name, ceiling, server }))
  t.same(rows(['forward_auth']), [
    { name: 'bare', ceiling: undefined, server: 'bare' },
    { name: 'forward_auth', ceiling: 'bare', server: 'forward_auth' },
  ])
  t.same(rows(['express']), [
    { name: 'express_bare', ceiling: undefined, server: 'express' },
    { name: 'express', ceiling: 'express_bare', server: 'express' },
  ])
  t.same(
    selectTargets(all, ['bare', 'me', 'me_strict', 'forward_auth', 'express_bare', 'express']).map((target) => target.name),
    ['bare', 'me', 'me_strict', 'forward_auth', 'express_bare', 'express'],
  )
})

t.test('several runs: medians of rates and of each run\'s ratio, sums of failures, every ratio kept', async (t) => {
  const row = (rps: number, ratio: number, non2xx: number, cpu = rps / 10): Row => ({
    target: 'me',
    ceiling: 'bare',
    rps,
    p50Ms: rps / 1000,
    p99Ms: rps / 100,
    non2xx,
    errors: 0,
    statusCodes: { '200': rps },
    ratio,
    serverCpuUsPerRequest: cpu,
  })
  const [merged] = medianRows([[row(100, 0.5, 0)], [row(300, 0.9, 2)], [row(200, 0.7, 1)]])
  t.equal(merged?.rps, 200)
  t.equal(merged?.ratio, 0.7)
  t.same(merged?.runRatios, [0.5, 0.9, 0.7])
  t.equal(merged?.serverCpuUsPerRequest, 20)
  t.same(merged?.runCpuUsPerRequest, [10, 30, 20], 'issue 12: each run\'s CPU per answer is kept, as the goals are set on it')
  t.equal(merged?.non2xx, 3)
  t.same(merged?.statusCodes, { '200': 600 })
  t.equal(medianRows([[row(100, 0.5, 0)]])[0]?.runRatios, undefined, 'one run has no spread to show')
  t.equal(medianRows([[row(100, 0.5, 0)]])[0]?.runCpuUsPerRequest, undefined)
})
