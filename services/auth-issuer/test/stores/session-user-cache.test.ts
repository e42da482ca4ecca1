import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import type { UserRecord } from '../../src/domain/ports.js'
import { createSessionUserCache } from '../../src/stores/session-user-cache.js'

const ada = { id: 'u1', email: 'ada@example.com', name: 'Ada', roles: ['user'], disabled: false, version: 3 } as UserRecord

function countingReader(stored: UserRecord = ada) {
  const reader = { reads: 0, stored, findById: async (id: string) => (reader.reads++, id === reader.stored.id ? reader.stored : undefined) }
  return reader
}

t.test('a user is remembered by id and version, for at most the ttl', async (t) => {
  const reader = countingReader()
  const cache = createSessionUserCache(reader, { ttlMs: 50, max: 10 })
  t.same(await cache.find('u1', 3), ada)
  t.same(await cache.find('u1', 3), ada)
  t.equal(reader.reads, 1, 'the second read came from memory')
  await sleep(80)
  await cache.find('u1', 3)
  t.equal(reader.reads, 2, 'read again after the ttl')
  t.equal(await cache.find('nobody', 0), undefined)
  t.equal(await cache.find('nobody', 0), undefined)
  t.equal(reader.reads, 4, 'absence is never remembered')
})

t.test('issue 11: a newer version is read from the store, never answered with the remembered one', async (t) => {
  const reader = countingReader()
  const cache = createSessionUserCache(reader, { ttlMs: 60_000, max: 10 })
  await cache.find('u1', 3)
  reader.stored = { ...ada, roles: ['user'], email: 'new@example.com', version: 4 }
  t.equal((await cache.find('u1', 4))?.email, 'new@example.com')
  t.equal(reader.reads, 2)
})

t.test('a user whose stored version is not the one asked for is returned but not remembered', async (t) => {
  const reader = countingReader({ ...ada, version: 5 })
  const cache = createSessionUserCache(reader, { ttlMs: 60_000, max: 10 })
  t.equal((await cache.find('u1', 3))?.version, 5, 'the stored user, fresher than the session')
  await cache.find('u1', 3)
  await cache.find('u1', undefined)
  await cache.find('u1', undefined)
  t.equal(reader.reads, 4, 'a mismatch and an unknown version read every time')
})

t.test('ttl 0 reads every time', async (t) => {
  const reader = countingReader()
  const cache = createSessionUserCache(reader, { ttlMs: 0, max: 10 })
  await cache.find('u1', 3)
  await cache.find('u1', 3)
  t.equal(reader.reads, 2)
})
