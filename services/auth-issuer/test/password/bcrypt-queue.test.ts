import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { TooManyAttemptsError } from '@authpair/errors'
import { createBcryptQueue } from '../../src/password/bcrypt-queue.js'

// Issue 11, item 4: bcrypt work is shared fairly, so one client cannot take the CPU from the others.

/** Work that takes a while and records the order it ran in and how many ran at once. */
function trackedWork() {
  const tracker = { running: 0, most: 0, order: [] as string[] }
  const work = (name: string) => async () => {
    tracker.running += 1
    tracker.most = Math.max(tracker.most, tracker.running)
    tracker.order.push(name)
    await sleep(10)
    tracker.running -= 1
    return name
  }
  return { tracker, work }
}

t.test('at most `concurrency` run at once; a client alone gets every place and all its work finishes', async (t) => {
  const queue = createBcryptQueue({ concurrency: 2, waitMs: 5000 })
  const { tracker, work } = trackedWork()
  const results = await Promise.all(Array.from({ length: 20 }, (_, i) => queue.run('busy', work(`busy${i}`))))
  t.equal(results.length, 20)
  t.equal(tracker.most, 2)
})

t.test('issue 11: a client arriving behind a busy one runs next, not after all of its queue', async (t) => {
  const queue = createBcryptQueue({ concurrency: 2, waitMs: 5000 })
  const { tracker, work } = trackedWork()
  const busy = Array.from({ length: 12 }, (_, i) => queue.run('attacker', work(`a${i}`)))
  await sleep(1)
  const other = queue.run('user', work('user'))
  await Promise.all([...busy, other])
  t.ok(tracker.order.indexOf('user') <= 3, `the user ran at position ${tracker.order.indexOf('user')} of 13`)
})

t.test('clients take turns', async (t) => {
  const queue = createBcryptQueue({ concurrency: 1, waitMs: 5000 })
  const { tracker, work } = trackedWork()
  await Promise.all([
    queue.run('a', work('a0')), queue.run('a', work('a1')), queue.run('a', work('a2')),
    queue.run('b', work('b0')), queue.run('b', work('b1')),
  ])
  t.same(tracker.order, ['a0', 'a1', 'b0', 'a2', 'b1'])
})

t.test('issue 11: past the wait, the operation is refused with 429 too_many_attempts and never runs', async (t) => {
  const queue = createBcryptQueue({ concurrency: 1, waitMs: 5 })
  const { tracker, work } = trackedWork()
  const [first, second] = await Promise.allSettled([queue.run('a', work('first')), queue.run('a', work('second'))])
  t.equal(first.status, 'fulfilled')
  t.ok(second.status === 'rejected' && second.reason instanceof TooManyAttemptsError)
  t.same(tracker.order, ['first'])
  t.equal(await queue.run('a', work('later')), 'later', 'the place is free again afterwards')
})

t.test('a failing operation gives its place back', async (t) => {
  const queue = createBcryptQueue({ concurrency: 1, waitMs: 5 })
  await t.rejects(queue.run('a', async () => Promise.reject(new Error('boom'))), { message: 'boom' })
  t.equal(await queue.run('a', async () => 'next'), 'next')
})
