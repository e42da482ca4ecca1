import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { TooManyAttemptsError } from '@authpair/errors'
import { createClientSlots } from '../../src/password/client-slots.js'

// Issue 11, item 4: one client's bcrypt work in flight is bounded, so it cannot take the CPU from the others.

/** Work that takes a while and records how many run at once. */
function trackedWork() {
  const tracker = { running: 0, most: 0 }
  const work = async () => {
    tracker.running += 1
    tracker.most = Math.max(tracker.most, tracker.running)
    await sleep(20)
    tracker.running -= 1
    return 'done'
  }
  return { tracker, work }
}

t.test('issue 11: one client runs at most maxPerClient at once; the rest wait their turn and all finish', async (t) => {
  const slots = createClientSlots({ maxPerClient: 2, waitMs: 5000 })
  const { tracker, work } = trackedWork()
  const results = await Promise.all(Array.from({ length: 8 }, () => slots.run(['ip:1', 'session:a'], work)))
  t.same(results, Array.from({ length: 8 }, () => 'done'))
  t.equal(tracker.most, 2)
})

t.test('other clients are not held up by a busy one', async (t) => {
  const slots = createClientSlots({ maxPerClient: 1, waitMs: 5000 })
  const { tracker, work } = trackedWork()
  await Promise.all(['ip:1', 'ip:2', 'ip:3'].map((client) => slots.run([client], work)))
  t.equal(tracker.most, 3)
})

t.test('an operation waits while any one of its clients is full', async (t) => {
  const slots = createClientSlots({ maxPerClient: 1, waitMs: 5000 })
  const { tracker, work } = trackedWork()
  await Promise.all([slots.run(['ip:1', 'session:a'], work), slots.run(['ip:2', 'session:a'], work)])
  t.equal(tracker.most, 1, 'the shared session serialises them')
})

t.test('issue 11: past the wait, the operation is refused with 429 too_many_attempts and never runs', async (t) => {
  const slots = createClientSlots({ maxPerClient: 1, waitMs: 5 })
  const { tracker, work } = trackedWork()
  const [first, second] = await Promise.allSettled([slots.run(['ip:1'], work), slots.run(['ip:1'], work)])
  t.equal(first.status, 'fulfilled')
  t.ok(second.status === 'rejected' && second.reason instanceof TooManyAttemptsError)
  t.equal(tracker.most, 1)
  t.equal(await slots.run(['ip:1'], work), 'done', 'the slot is free again afterwards')
})

t.test('a failing operation gives its slot back', async (t) => {
  const slots = createClientSlots({ maxPerClient: 1, waitMs: 5 })
  await t.rejects(slots.run(['ip:1'], async () => Promise.reject(new Error('boom'))), { message: 'boom' })
  t.equal(await slots.run(['ip:1'], async () => 'next'), 'next')
})
