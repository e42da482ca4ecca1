// Issue 12 (performance): the answer-latency histogram counts in plain numbers; /metrics must read exactly as
// prom-client's own histogram would for the same answers.
import t from 'tap'
import { Histogram, Registry } from 'prom-client'
import { LatencyHistogram } from '../src/latency-histogram.js'

const BOUNDS = [0.001, 0.01, 0.1, 1]
const ANSWERS = [
  { method: 'GET', route: '/me', status: 200, seconds: 0.0004 },
  { method: 'GET', route: '/me', status: 200, seconds: 0.001 },
  { method: 'GET', route: '/me', status: 200, seconds: 0.05 },
  { method: 'GET', route: '/me', status: 401, seconds: 0.002 },
  { method: 'POST', route: '/auth/login', status: 200, seconds: 3 },
]

t.test('the scrape is what prom-client writes for the same observations', async (t) => {
  const theirs = new Registry()
  const reference = new Histogram({ name: 'latency_seconds', help: 'h', labelNames: ['method', 'route', 'status'], buckets: BOUNDS, registers: [theirs] })
  const ours = new Registry()
  const histogram = new LatencyHistogram('latency_seconds', 'h', BOUNDS, ours)
  for (const { method, route, status, seconds } of ANSWERS) {
    reference.labels({ method, route, status }).observe(seconds)
    histogram.observe(seconds, method, route, status)
  }
  const text = await ours.metrics()
  t.equal(text, await theirs.metrics())
  t.match(text, 'latency_seconds_bucket{le="0.001",method="GET",route="/me",status="200"} 2')
  t.match(text, 'latency_seconds_count{method="POST",route="/auth/login",status="200"} 1')
  histogram.reset()
  t.notMatch(await ours.metrics(), 'latency_seconds_count', 'reset forgets every series')
})
