import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import type { UserRecord } from '../../src/domain/ports.js'
import { createSessionUserCache } from '../../src/stores/session-user-cache.js'

const ada = { id: 'u1', email: 'ada@example.com', name: 'Ada', roles: ['user'], disabled: false } as UserRecord

function countingReader() {
  const reader = { reads: 0, findById: async (id: string) => (reader.reads++, id === ada.id ? ada : undefined) }
  return reader
}

t.test('a user is read once per ttl; an unknown id is asked every time', async (t) => {
  const reader = countingReader()
  const cache = createSessionUserCache(reader, { ttlMs: 50, max: 10 })
  t.same(await cache.findById('u1'), ada)
  t.same(await cache.findById('u1'), ada)
  t.equal(reader.reads, 1, 'the second read came from memory')
  await sleep(80)
  await cache.findById('u1')
  t.equal(reader.reads, 2, 'read again after the ttl')
  t.equal(await cache.findById('nobody'), undefined)
  t.equal(await cache.findById('nobody'), undefined)
  t.equal(reader.reads, 4, 'absence is never remembered')
})

t.test('ttl 0 reads every time', async (t) => {
  const reader = countingReader()
  const cache = createSessionUserCache(reader, { ttlMs: 0, max: 10 })
  await cache.findById('u1')
  await cache.findById('u1')
  t.equal(reader.reads, 2)
})
