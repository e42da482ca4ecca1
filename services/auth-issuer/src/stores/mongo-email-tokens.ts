import { MongoServerError, type Db } from 'mongodb'
import { guardMongo } from '@authpair/stores'
import type { EmailTokenKind, EmailTokenRecord, EmailTokenStore } from '../domain/email-tokens.js'

interface EmailTokenDocument {
  _id: string
  kind: EmailTokenKind
  user_id: string
  email: string
  new_email?: string
  session_id?: string
  expires_at: Date
}

const COLLECTION = 'email_tokens'

const NOT_IMPLEMENTED = 238

/**
 * The TTL index (MongoDB drops expired tokens on its own) and the per-user index `issue` uses. Idempotent.
 * FerretDB 1.x has no TTL indexes: there the index is a plain one and `issue` deletes expired tokens itself;
 * `consume` never accepts an expired token either way.
 */
export async function ensureEmailTokenIndexes(db: Db): Promise<void> {
  const tokens = db.collection<EmailTokenDocument>(COLLECTION)
  await guardMongo(async () => {
    try {
      await tokens.createIndex({ expires_at: 1 }, { expireAfterSeconds: 0, name: 'expiry' })
    } catch (error) {
      if (!(error instanceof MongoServerError && error.code === NOT_IMPLEMENTED)) throw error
      await tokens.createIndex({ expires_at: 1 }, { name: 'expiry' })
    }
    await tokens.createIndex({ user_id: 1, kind: 1 }, { name: 'user_kind' })
  })
}

/** The `EmailTokenStore` on MongoDB: the hash is the `_id`, so it is unique; a token is used by the one delete that removes it. */
export function createMongoEmailTokenStore(db: Db): EmailTokenStore {
  const tokens = db.collection<EmailTokenDocument>(COLLECTION)
  return {
    issue: (token) =>
      guardMongo(async () => {
        await tokens.deleteMany({ $or: [{ user_id: token.userId, kind: token.kind }, { expires_at: { $lte: new Date() } }] })
        await tokens.insertOne({
          _id: token.hash,
          kind: token.kind,
          user_id: token.userId,
          email: token.email,
          ...(token.newEmail !== undefined && { new_email: token.newEmail }),
          ...(token.sessionId !== undefined && { session_id: token.sessionId }),
          expires_at: token.expiresAt,
        })
      }),

    consume: (kind, hash, now) =>
      guardMongo(async () => {
        const live = { _id: hash, kind, expires_at: { $gt: now } }
        const doc = await tokens.findOne(live)
        if (!doc) return undefined
        // The delete decides who used the token: of racing requests, only one deletes it. (FerretDB 1.x answers two
        // racing findOneAndDelete calls with the document both times; its deleteOne counts are exact.)
        const { deletedCount } = await tokens.deleteOne(live)
        if (deletedCount !== 1) return undefined
        const record: EmailTokenRecord = { hash: doc._id, kind: doc.kind, userId: doc.user_id, email: doc.email, expiresAt: doc.expires_at }
        if (doc.new_email !== undefined) record.newEmail = doc.new_email
        if (doc.session_id !== undefined) record.sessionId = doc.session_id
        return record
      }),

    revokeForUser: (kind, userId) => guardMongo(async () => void (await tokens.deleteMany({ user_id: userId, kind }))),
  }
}
