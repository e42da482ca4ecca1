import t, { type Test } from 'tap'
import { MongoClient, type Db } from 'mongodb'
import { testStores } from '@authpair/test-support'
import { generatePrivateKeyPem, signingKeyFromPem } from '@authpair/tokens'
import { createKeyCipher } from '../../src/keys/key-encryption.js'
import { createKeyRing, type KeyRing } from '../../src/keys/key-ring.js'
import type { KeyTransition } from '../../src/keys/key-states.js'
import { createMongoKeyStore } from '../../src/keys/mongo-key-store.js'

const SECRET = 's'.repeat(32)

async function database(t: Test): Promise<Db> {
  const stores = testStores(t.name)
  const client = await MongoClient.connect(stores.mongoUrl)
  t.teardown(async () => {
    await client.close()
    await stores.cleanup()
  })
  return client.db()
}

async function ring(db: Db, transitions: KeyTransition[] = [], secret = SECRET, previous?: string): Promise<KeyRing> {
  const cipher = createKeyCipher({ current: secret, previous })
  return createKeyRing({ store: await createMongoKeyStore(db), cipher, now: Date.now, onTransition: (tr) => transitions.push(tr) })
}

t.test('issue 13: a first start creates one current key, encrypted at rest, and a restart reads the same', async (t) => {
  const db = await database(t)
  const transitions: KeyTransition[] = []
  const first = await (await ring(db, transitions)).load()
  t.equal(first.published.length, 1)
  t.match(first.records, [{ kid: first.signing.kid, state: 'current', generation: 1 }])
  t.same(transitions, [{ kid: first.signing.kid, from: 'none', to: 'current', why: 'no key to sign with' }])
  const raw = await db.collection('signing_keys').findOne({})
  t.notOk(raw?.['private_key_pem'], 'no PEM in the clear')
  t.notMatch(JSON.stringify(raw), /PRIVATE KEY/)
  t.equal((await (await ring(db)).load()).signing.kid, first.signing.kid)
})

t.test('issue 13: a v1 key (no state, PEM in the clear) is adopted as current and encrypted', async (t) => {
  const db = await database(t)
  const pem = await generatePrivateKeyPem()
  const { kid } = await signingKeyFromPem(pem)
  await db.collection('signing_keys').insertOne({ _id: kid as never, generation: 1, private_key_pem: pem, created_at: new Date() })
  const transitions: KeyTransition[] = []
  const set = await (await ring(db, transitions)).load()
  t.equal(set.signing.kid, kid)
  t.match(set.records, [{ kid, state: 'current' }])
  t.same(transitions, [{ kid, from: 'v1', to: 'current', why: 'adopted a v1 key' }])
  const raw = await db.collection('signing_keys').findOne({ _id: kid as never })
  t.equal(raw?.['private_key_pem'], undefined, 'the clear PEM is gone')
  t.match(raw?.['private_key'], { alg: 'A256GCM' })
})

t.test('issue 13: ten issuers racing for the same rotation insert exactly one next key', async (t) => {
  const db = await database(t)
  await (await ring(db)).load()
  const rings = await Promise.all(Array.from({ length: 10 }, () => ring(db)))
  const outcomes = await Promise.all(rings.map((r) => r.ensureNext(new Date(Date.now() + 60_000), 'scheduled')))
  t.equal(outcomes.filter((o) => o.created).length, 1, 'one insert won')
  t.equal(new Set(outcomes.map((o) => o.record.kid)).size, 1, 'all agree on the next key')
  t.equal(await db.collection('signing_keys').countDocuments({ state: 'next' }), 1)
  const set = await rings[0]!.load()
  t.equal(set.published.length, 2, 'next and current are published')
})

t.test('issue 13: revoking the current key drops its private material and the next key signs', async (t) => {
  const db = await database(t)
  const transitions: KeyTransition[] = []
  const keys = await ring(db, transitions)
  const before = await keys.load()
  const { record: next } = await keys.ensureNext(new Date(Date.now() + 60_000), 'scheduled')
  t.equal(await keys.revoke(before.signing.kid), true)
  t.equal(await keys.revoke(before.signing.kid), false, 'a revoked key is not revoked twice')
  t.equal(await keys.revoke('no-such-kid'), false)
  const after = await keys.load()
  t.equal(after.signing.kid, next.kid)
  t.same(after.published.map((key) => key.kid), [next.kid], 'the revoked key left the set')
  const raw = await db.collection('signing_keys').findOne({ _id: before.signing.kid as never })
  t.match(raw, { state: 'revoked', revoked_at: Date })
  t.equal(raw?.['private_key'], undefined, 'no private material kept')
  t.match(transitions.slice(-2), [
    { kid: before.signing.kid, from: 'current', to: 'revoked' },
    { kid: next.kid, from: 'next', to: 'current' },
  ])
})

t.test('issue 13: revoking the only key makes a new one sign', async (t) => {
  const db = await database(t)
  const keys = await ring(db)
  const before = await keys.load()
  await keys.revoke(before.signing.kid)
  const after = await keys.load()
  t.not(after.signing.kid, before.signing.kid)
  t.match(after.records, [{ kid: after.signing.kid, state: 'current', generation: 2 }, { kid: before.signing.kid, state: 'revoked' }])
})

t.test('issue 13: a key encrypted under the previous secret is read and re-encrypted under the new one', async (t) => {
  const db = await database(t)
  const OLD = 'o'.repeat(32)
  const { signing } = await (await ring(db, [], OLD)).load()
  t.equal((await (await ring(db, [], SECRET, OLD)).load()).signing.kid, signing.kid)
  // The old secret can now be dropped: the key opens under the new one alone.
  t.equal((await (await ring(db, [], SECRET)).load()).signing.kid, signing.kid)
  await t.rejects((await ring(db, [], OLD)).load(), /KEY_ENCRYPTION_SECRET/)
})

t.test('issue 13: an issuer restarted mid-rotation resumes the same schedule', async (t) => {
  const db = await database(t)
  let clock = Date.now()
  const schedule = { rotation: 60, publishAhead: 30, retireAfter: 20 }
  const boot = async () =>
    createKeyRing({ store: await createMongoKeyStore(db), cipher: createKeyCipher({ current: SECRET }), now: () => clock })
  const first = await boot()
  const { signing: old } = await first.load()
  clock += 61_000
  await first.advance(schedule)
  const next = (await db.collection('signing_keys').findOne({ state: 'next' }))!
  t.equal((next['activates_at'] as Date).getTime(), clock + 30_000, 'published 30 s ahead')

  // The process stops and a new one starts 10 s later: the same next key, the same activation.
  clock += 10_000
  const second = await boot()
  await second.advance(schedule)
  t.equal(await db.collection('signing_keys').countDocuments({ state: 'next' }), 1)
  t.equal((await second.load()).signing.kid, old.kid, 'still signing with the old key before activation')
  // Polled 5 s after the activation time: the hand-over is still dated by the activation, as on every issuer.
  clock += 25_000
  await second.advance(schedule)
  const after = await second.load()
  t.equal(after.signing.kid, next['_id'])
  const previous = after.records.find((record) => record.kid === old.kid)
  t.equal(previous?.state, 'previous')
  t.equal(previous?.deactivated_at?.getTime(), (next['activates_at'] as Date).getTime())
  t.equal(previous?.retires_at?.getTime(), (next['activates_at'] as Date).getTime() + 20_000)
  clock += 20_000
  await second.advance(schedule)
  const retired = await db.collection('signing_keys').findOne({ _id: old.kid as never })
  t.match(retired, { state: 'retired' })
  t.equal(retired?.['private_key'], undefined, 'a retired key keeps no private material')
  t.same((await second.load()).published.map((key) => key.kid), [next['_id']])
})
