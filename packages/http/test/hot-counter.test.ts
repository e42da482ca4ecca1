// Counters on the path of every request count in plain numbers and reach prom-client when /metrics is collected.
import t from 'tap'
import { createMetrics } from '../src/metrics.js'

const series = (text: string, name: string) =>
  Object.fromEntries(
    text
      .split('\n')
      .filter((line) => line.startsWith(`${name}{`))
      .map((line) => [line.slice(0, line.lastIndexOf(' ')), Number(line.slice(line.lastIndexOf(' ') + 1))]),
  )

t.test('a hot counter shows every series from the start and every increment once per scrape', async (t) => {
  const metrics = createMetrics()
  const lookups = metrics.hotCounter('lookups_total', 'Lookups by result', 'result', ['hit', 'miss'])
  t.same(series(await metrics.registry.metrics(), 'lookups_total'), {
    'lookups_total{result="hit"}': 0,
    'lookups_total{result="miss"}': 0,
  })
  lookups.hit.inc()
  lookups.hit.inc()
  lookups.miss.inc()
  const expected = { 'lookups_total{result="hit"}': 2, 'lookups_total{result="miss"}': 1 }
  t.same(series(await metrics.registry.metrics(), 'lookups_total'), expected)
  t.same(series(await metrics.registry.metrics(), 'lookups_total'), expected, 'a second scrape counts nothing twice')
  lookups.hit.inc()
  t.same(series(await metrics.registry.metrics(), 'lookups_total')['lookups_total{result="hit"}'], 3)
})
