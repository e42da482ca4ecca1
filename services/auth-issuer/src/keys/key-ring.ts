import { generatePrivateKeyPem, signingKeyFromPem, type SigningKey } from '@authpair/tokens'
import type { KeyCipher } from './key-encryption.js'
import { PUBLISHED_STATES, type KeyRecord, type KeyState, type KeyTransition } from './key-states.js'
import type { MongoKeyStore, SigningKeyDocument } from './mongo-key-store.js'

/** What the issuer signs with and publishes, read from the store. */
export interface KeySet {
  /** The `current` key: the only one that signs. */
  signing: SigningKey
  /** `next`, `current` and `previous`, exactly: the JWKS. */
  published: readonly SigningKey[]
  records: readonly KeyRecord[]
}

export interface KeyRingOptions {
  store: MongoKeyStore
  cipher: KeyCipher
  now: () => number
  /** Told once per transition this process made (the caller logs `{kid, from, to, why}`). */
  onTransition?: (transition: KeyTransition) => void
}

/** The rotation settings, in seconds. */
export interface KeySchedule {
  /** SIGNING_KEY_ROTATION; null: no scheduled rotation. */
  rotation: number | null
  publishAhead: number
  /** How long a `previous` key stays published after it stopped signing: the last token's life plus slack. */
  retireAfter: number
}

/** The issuer's view of the keys in MongoDB: each private key is decrypted and parsed once, when first seen. */
export interface KeyRing {
  /** Adopts v1 keys, creates a first key when there is none, and reads the set. */
  load(): Promise<KeySet>
  /** Inserts the `next` key of the rotation after `current` unless one exists; returns the `next` key's record. */
  ensureNext(activatesAt: Date, why: string): Promise<{ record: KeyRecord; created: boolean }>
  /** Makes the transitions that are due (activation, retirement, a new `next` key); any issuer may, at any time. */
  advance(schedule: KeySchedule): Promise<void>
  /** Moves a key to `revoked`, dropping its private material; false when it was not published. */
  revoke(kid: string): Promise<boolean>
}

/** The record without private material: only named fields are copied, so nothing private can slip through. */
function toRecord(doc: SigningKeyDocument): KeyRecord {
  const { _id, generation, state, created_at, activates_at, deactivated_at, retires_at, revoked_at } = doc
  return {
    kid: _id, generation, state, created_at,
    ...(activates_at && { activates_at }),
    ...(deactivated_at && { deactivated_at }),
    ...(retires_at && { retires_at }),
    ...(revoked_at && { revoked_at }),
  }
}

export function createKeyRing({ store, cipher, now, onTransition }: KeyRingOptions): KeyRing {
  const parsed = new Map<string, SigningKey>()

  async function parse(doc: SigningKeyDocument): Promise<SigningKey> {
    const known = parsed.get(doc._id)
    if (known) return known
    if (!doc.private_key) throw new Error(`the signing key ${doc._id} is ${doc.state} but has no private material`)
    const { pem, stale } = cipher.decrypt(doc.private_key, doc._id)
    // Decrypted only under KEY_ENCRYPTION_SECRET_PREVIOUS: re-encrypt it under the current secret (secret rotation).
    if (stale) await store.replacePrivate(doc._id, doc.private_key, cipher.encrypt(pem, doc._id))
    const key = await signingKeyFromPem(pem)
    parsed.set(doc._id, key)
    return key
  }

  async function newKeyDocument(generation: number, state: 'next' | 'current', activatesAt: Date): Promise<SigningKeyDocument> {
    const pem = await generatePrivateKeyPem()
    const key = await signingKeyFromPem(pem)
    parsed.set(key.kid, key)
    return { _id: key.kid, generation, state, created_at: new Date(now()), activates_at: activatesAt, private_key: cipher.encrypt(pem, key.kid) }
  }

  async function load(): Promise<KeySet> {
    for (const kid of await store.adoptV1Keys((pem, id) => cipher.encrypt(pem, id))) {
      onTransition?.({ kid, from: 'v1', to: 'current', why: 'adopted a v1 key' })
    }
    const docs = await store.list()
    // Sorted newest first: during a hand-over two keys are briefly `current`, and the newer one signs.
    const current = docs.find((doc) => doc.state === 'current')
    if (!current) {
      // The `current` key was revoked: the `next` one signs from now on, else a new one (contract: revoke).
      const next = docs.find((doc) => doc.state === 'next')
      if (next) {
        if (await store.transition(next._id, ['next'], 'current', { activates_at: new Date(now()) })) {
          onTransition?.({ kid: next._id, from: 'next', to: 'current', why: 'no current key to sign with' })
        }
        return load()
      }
      const generation = Math.max(0, ...docs.map((doc) => doc.generation)) + 1
      const doc = await newKeyDocument(generation, 'current', new Date(now()))
      if (await store.insert(doc)) onTransition?.({ kid: doc._id, from: 'none', to: 'current', why: 'no key to sign with' })
      return load()
    }
    const published = await Promise.all(docs.filter((doc) => PUBLISHED_STATES.includes(doc.state)).map(parse))
    return { signing: await parse(current), published, records: docs.map(toRecord) }
  }

  async function ensureNext(activatesAt: Date, why: string): Promise<{ record: KeyRecord; created: boolean }> {
    const docs = await store.list()
    const existing = docs.find((doc) => doc.state === 'next')
    if (existing) return { record: toRecord(existing), created: false }
    const current = docs.find((doc) => doc.state === 'current')
    const generation = (current?.generation ?? Math.max(0, ...docs.map((doc) => doc.generation))) + 1
    const doc = await newKeyDocument(generation, 'next', activatesAt)
    if (await store.insert(doc)) {
      onTransition?.({ kid: doc._id, from: 'none', to: 'next', why })
      return { record: toRecord(doc), created: true }
    }
    // Another issuer won this rotation's insert: its key is the `next` one.
    parsed.delete(doc._id)
    const winner = (await store.list()).find((other) => other.generation === generation)
    if (!winner) throw new Error(`the next signing key of generation ${generation} vanished`)
    return { record: toRecord(winner), created: false }
  }

  async function move(doc: SigningKeyDocument, to: KeyState, set: Partial<KeyRecord>, why: string): Promise<void> {
    if (await store.transition(doc._id, [doc.state], to, set, to === 'retired')) {
      if (to === 'retired') parsed.delete(doc._id)
      onTransition?.({ kid: doc._id, from: doc.state, to, why })
    }
  }

  async function advance(schedule: KeySchedule): Promise<void> {
    const at = now()
    const docs = await store.list()
    for (const doc of docs) {
      if (doc.state === 'previous' && doc.retires_at && doc.retires_at.getTime() <= at) await move(doc, 'retired', {}, 'its last token expired')
      if (doc.state === 'next' && doc.activates_at && doc.activates_at.getTime() <= at) await move(doc, 'current', {}, 'published long enough')
    }
    // Newest first: every `current` key but the newest hands over. Its activation time, not this clock, dates the
    // hand-over, so every issuer computes the same retirement (and a restart resumes it).
    const currents = (await store.list()).filter((doc) => doc.state === 'current')
    const newest = currents[0]
    for (const doc of currents.slice(1)) {
      const stoppedAt = newest?.activates_at ?? new Date(at)
      await move(doc, 'previous', { deactivated_at: stoppedAt, retires_at: new Date(stoppedAt.getTime() + schedule.retireAfter * 1000) }, 'a next key took over')
    }
    if (schedule.rotation === null || !newest?.activates_at) return
    if (newest.activates_at.getTime() + schedule.rotation * 1000 <= at) {
      await ensureNext(new Date(at + schedule.publishAhead * 1000), 'scheduled rotation')
    }
  }

  return {
    load,
    ensureNext,
    advance,
    async revoke(kid) {
      const doc = (await store.list()).find((other) => other._id === kid)
      if (!doc || !PUBLISHED_STATES.includes(doc.state)) return false
      const revoked = await store.transition(kid, [doc.state], 'revoked', { revoked_at: new Date(now()) }, true)
      if (revoked) {
        parsed.delete(kid)
        onTransition?.({ kid, from: doc.state, to: 'revoked', why: 'revoked by an admin' })
      }
      return revoked
    },
  }
}
