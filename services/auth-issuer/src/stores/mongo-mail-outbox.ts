import { MongoServerError, ObjectId, type Db } from 'mongodb'
import { guardMongo } from '@authpair/stores'
import type { ClaimedMail, MailOutbox } from '../mail/outbox-ports.js'

interface OutboxDocument {
  to: string
  subject: string
  text: string
  html: string
  state: 'pending' | 'sending' | 'failed'
  attempts: number
  next_attempt_at: Date
  claimed_until?: Date
  claim_id?: string
  created_at: Date
}

const COLLECTION = 'mail_outbox'
// Races lost in one claim before the sender waits for its next pass.
const MAX_CLAIM_TRIES = 5
const DUPLICATE_KEY = 11000

interface ClaimDocument {
  _id: string
  mail_id: ObjectId
  created_at: Date
}

/** The index the sender's claim uses. Idempotent; run at start. */
export async function ensureOutboxIndexes(db: Db): Promise<void> {
  await guardMongo(() => db.collection(COLLECTION).createIndex({ state: 1, next_attempt_at: 1 }, { name: 'due' }))
}

/** The `MailOutbox` on MongoDB: every step is one single-document operation. */
export function createMongoMailOutbox(db: Db): MailOutbox {
  const outbox = db.collection<OutboxDocument>(COLLECTION)
  const claims = db.collection<ClaimDocument>(`${COLLECTION}_claims`)
  const forget = (mail: ClaimedMail) => claims.deleteMany({ mail_id: new ObjectId(mail.id) })
  const mine = (mail: ClaimedMail) => ({ _id: new ObjectId(mail.id), claim_id: mail.claimId, state: 'sending' as const })
  return {
    enqueue: (mail, now) =>
      guardMongo(async () => {
        await outbox.insertOne({ ...mail, state: 'pending', attempts: 0, next_attempt_at: now, created_at: now })
      }),

    // Find a due mail, then take it by inserting its claim: the key is the mail and the attempt, so of senders
    // racing for one attempt exactly one insert succeeds (a unique `_id`). Neither findOneAndUpdate nor a filtered
    // updateOne is atomic on FerretDB 1.x: two racing ones both take the document. A lost race moves on.
    claim: (now, leaseMs) =>
      guardMongo(async () => {
        const due = { $or: [{ state: 'pending' as const, next_attempt_at: { $lte: now } }, { state: 'sending' as const, claimed_until: { $lte: now } }] }
        for (let tries = 0; tries < MAX_CLAIM_TRIES; tries++) {
          const found = await outbox.findOne(due, { sort: { next_attempt_at: 1 } })
          if (!found) return undefined
          const claimId = `${found._id.toHexString()}:${found.attempts}`
          try {
            await claims.insertOne({ _id: claimId, mail_id: found._id, created_at: now })
          } catch (error) {
            if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) continue
            throw error
          }
          await outbox.updateOne(
            { _id: found._id },
            { $set: { state: 'sending', claim_id: claimId, claimed_until: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
          )
          const { _id, to, subject, text, html, attempts } = found
          return { id: _id.toHexString(), claimId, to, subject, text, html, attempts: attempts + 1 }
        }
        return undefined
      }),

    sent: (mail) => guardMongo(async () => {
      await outbox.deleteOne(mine(mail))
      await forget(mail)
    }),

    retry: (mail, at) => guardMongo(async () => {
      await outbox.updateOne(mine(mail), { $set: { state: 'pending', next_attempt_at: at }, $unset: { claim_id: '', claimed_until: '' } })
    }),

    fail: (mail, now) => guardMongo(async () => {
      await forget(mail)
      await outbox.updateOne(mine(mail), { $set: { state: 'failed', text: '', html: '', next_attempt_at: now }, $unset: { claim_id: '', claimed_until: '' } })
    }),

    backlog: () => guardMongo(() => outbox.countDocuments({ state: { $in: ['pending', 'sending'] } })),
  }
}
