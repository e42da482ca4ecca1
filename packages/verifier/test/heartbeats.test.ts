// The freshness proof of tracked liveness (issue 12): a remembered answer waits for a heartbeat sent after its lookup
// began. Heartbeats are pure logic around a ping; here the ping is a promise the test settles by hand.
import { performance } from 'node:perf_hooks'
import { setImmediate as turn } from 'node:timers/promises'
import t from 'tap'
import { Heartbeats } from '../src/redis/heartbeats.js'

/** A ping whose answers the test gives, and how many were sent. */
function manualPing() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = []
  return {
    ping: () => new Promise<void>((resolve, reject) => void pending.push({ resolve, reject })),
    get sent() {
      return pending.length
    },
    answer: (index: number) => pending[index]!.resolve(),
    fail: (index: number) => pending[index]!.reject(new Error('connection lost')),
  }
}

/** Settles to 'pending' when the promise has not settled after a few turns of the event loop. */
async function state<T>(promise: Promise<T>): Promise<T | 'pending'> {
  return Promise.race([promise, turn().then(() => turn()).then(() => 'pending' as const)])
}

t.test('lookups of one turn share one heartbeat, and learn their answer when it comes back', async (t) => {
  const redis = manualPing()
  const beats = new Heartbeats(redis.ping)
  const asOf = performance.now()
  const waits = [beats.untilFresh(0, asOf), beats.untilFresh(0, asOf), beats.untilFresh(0, asOf)]
  t.equal(await state(waits[0]!), 'pending', 'nothing is proven before the heartbeat comes back')
  t.equal(redis.sent, 1, 'one heartbeat for the three')
  redis.answer(0)
  t.same(await Promise.all(waits), [true, true, true])
  t.ok(beats.isFresh(0, asOf))
})

t.test('a lookup that began after the heartbeat in flight left waits for the next one', async (t) => {
  const redis = manualPing()
  const beats = new Heartbeats(redis.ping)
  const first = beats.untilFresh(0, performance.now())
  await turn()
  t.equal(redis.sent, 1)
  const later = beats.untilFresh(0, performance.now())
  redis.answer(0)
  t.equal(await first, true)
  t.equal(await state(later), 'pending', 'the first heartbeat left before this lookup began: it proves nothing for it')
  t.equal(redis.sent, 2, 'the next heartbeat went out once the first came back')
  redis.answer(1)
  t.equal(await later, true)
})

t.test('with a staleness allowance, a lookup rides the heartbeat in flight when it left recently enough', async (t) => {
  const redis = manualPing()
  const beats = new Heartbeats(redis.ping)
  const first = beats.untilFresh(1000, performance.now() - 5000)
  await turn()
  const later = beats.untilFresh(1000, performance.now())
  redis.answer(0)
  t.same(await Promise.all([first, later]), [true, true])
  t.equal(redis.sent, 1)
})

t.test('a failed heartbeat answers false to its lookups and to those waiting for the next one', async (t) => {
  const redis = manualPing()
  const beats = new Heartbeats(redis.ping)
  const first = beats.untilFresh(0, performance.now())
  await turn()
  const later = beats.untilFresh(0, performance.now())
  redis.fail(0)
  t.same(await Promise.all([first, later]), [false, false])
  t.notOk(beats.isFresh(0, performance.now()))
})

t.test('a reset answers false to everyone waiting, and a heartbeat from before it proves nothing', async (t) => {
  const redis = manualPing()
  const beats = new Heartbeats(redis.ping)
  const asOf = performance.now()
  const waiting = beats.untilFresh(0, asOf)
  await turn()
  beats.reset()
  t.equal(await waiting, false)
  redis.answer(0)
  await turn()
  t.notOk(beats.isFresh(1_000_000, asOf), 'the answer to a heartbeat sent before the reset is not a proof')
  const after = beats.untilFresh(0, performance.now())
  await turn()
  t.equal(redis.sent, 2, 'a new heartbeat goes out for those who wait after the reset')
  redis.answer(1)
  t.equal(await after, true)
})
