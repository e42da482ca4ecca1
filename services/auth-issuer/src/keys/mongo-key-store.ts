import { MongoServerError, type Collection, type Db } from 'mongodb'
import { guardMongo } from '@authpair/stores'
import type { EncryptedPrivateKey } from './key-encryption.js'
import type { KeyRecord, KeyState } from './key-states.js'

/**
 * A signing key as stored. FerretDB 1.x has no transactions, so every transition is one single-document update
 * conditioned on the state it leaves, and a new key is an insert that races on the unique `generation` index: however
 * many issuers rotate at once, one insert wins and the others read the winner's key (issue 13).
 * A v1 document has no `state` and a plain `private_key_pem`; it is adopted as `current` (see adoptV1Keys).
 */
export interface SigningKeyDocument extends Omit<KeyRecord, 'kid'> {
  _id: string
  private_key?: EncryptedPrivateKey
  /** v1 only: the PEM in the clear, removed on adoption. */
  private_key_pem?: string
}

interface V1Document {
  _id: string
  generation: number
  private_key_pem: string
  created_at: Date
}

const DUPLICATE_KEY = 11000

/** The `signing_keys` collection with the writes the key lifecycle needs. Each write is atomic on its own. */
export interface MongoKeyStore {
  list(): Promise<SigningKeyDocument[]>
  /** Inserts a key; false when another issuer already inserted this generation. */
  insert(document: SigningKeyDocument): Promise<boolean>
  /** Moves `kid` from one of `from` to `to`, setting `set` (and dropping the private key when `dropPrivate`); false when it was not in `from`. */
  transition(kid: string, from: readonly KeyState[], to: KeyState, set: Partial<KeyRecord>, dropPrivate?: boolean): Promise<boolean>
  /** Replaces a key's encrypted private material (re-encryption under a new KEY_ENCRYPTION_SECRET). */
  replacePrivate(kid: string, stale: EncryptedPrivateKey, fresh: EncryptedPrivateKey): Promise<void>
  /** Adopts v1 documents (no state): the newest becomes `current`, any older one `retired`; encrypts their PEM. */
  adoptV1Keys(encrypt: (pem: string, kid: string) => EncryptedPrivateKey): Promise<string[]>
}

export async function createMongoKeyStore(db: Db): Promise<MongoKeyStore> {
  const collection: Collection<SigningKeyDocument> = db.collection<SigningKeyDocument>('signing_keys')
  // The v1 index: one key per generation, so only one `next` key can be inserted per rotation.
  await guardMongo(() => collection.createIndex({ generation: 1 }, { unique: true, name: 'generation_unique' }))
  return {
    list: () => guardMongo(() => collection.find({}).sort({ generation: -1 }).toArray()),
    async insert(document) {
      try {
        await guardMongo(() => collection.insertOne(document))
        return true
      } catch (error) {
        if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) return false
        throw error
      }
    },
    async transition(kid, from, to, set, dropPrivate = false) {
      const update = dropPrivate ? { $set: { ...set, state: to }, $unset: { private_key: '' as const } } : { $set: { ...set, state: to } }
      const result = await guardMongo(() => collection.updateOne({ _id: kid, state: { $in: [...from] } }, update))
      return result.modifiedCount === 1
    },
    async replacePrivate(kid, stale, fresh) {
      await guardMongo(() => collection.updateOne({ _id: kid, 'private_key.iv': stale.iv }, { $set: { private_key: fresh } }))
    },
    async adoptV1Keys(encrypt) {
      const v1 = (await guardMongo(() => collection.find({ state: { $exists: false } }).sort({ generation: -1 }).toArray())) as V1Document[]
      const newest = Math.max(...v1.map((doc) => doc.generation))
      const adopted: string[] = []
      for (const doc of v1) {
        const state: KeyState = doc.generation === newest ? 'current' : 'retired'
        const set = state === 'current' ? { state, activates_at: doc.created_at, private_key: encrypt(doc.private_key_pem, doc._id) } : { state }
        const result = await guardMongo(() =>
          collection.updateOne({ _id: doc._id, state: { $exists: false } }, { $set: set, $unset: { private_key_pem: '' } }),
        )
        if (result.modifiedCount === 1) adopted.push(doc._id)
      }
      return adopted
    },
  }
}
