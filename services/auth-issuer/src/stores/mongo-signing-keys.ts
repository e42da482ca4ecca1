import { MongoServerError, type Db } from 'mongodb'
import { guardMongo } from '@authpair/stores'
import { generatePrivateKeyPem, signingKeyFromPem, type SigningKey } from '@authpair/tokens'

/**
 * A signing key as stored. The first issuer that finds none creates generation 1; a unique index on `generation`
 * makes two issuers starting at once agree on one key (the loser of the insert reads the winner's).
 * The private key is stored as PEM: protect the database, or use SIGNING_KEY_FILE (docs/SECURITY.md).
 */
interface SigningKeyDocument {
  _id: string
  generation: number
  private_key_pem: string
  created_at: Date
}

const DUPLICATE_KEY = 11000

/** The issuer's keys, newest first: the first signs, all are published. Parsed once, here. */
export async function loadOrCreateSigningKeys(db: Db, now: () => Date = () => new Date()): Promise<SigningKey[]> {
  const collection = db.collection<SigningKeyDocument>('signing_keys')
  await guardMongo(() => collection.createIndex({ generation: 1 }, { unique: true, name: 'generation_unique' }))
  const existing = await guardMongo(() => collection.find({}).sort({ generation: -1 }).toArray())
  if (existing.length > 0) return Promise.all(existing.map((doc) => signingKeyFromPem(doc.private_key_pem)))

  const pem = await generatePrivateKeyPem()
  const key = await signingKeyFromPem(pem)
  try {
    await guardMongo(() => collection.insertOne({ _id: key.kid, generation: 1, private_key_pem: pem, created_at: now() }))
    return [key]
  } catch (error) {
    if (!(error instanceof MongoServerError && error.code === DUPLICATE_KEY)) throw error
    return loadOrCreateSigningKeys(db, now)
  }
}
