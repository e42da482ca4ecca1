import { randomUUID } from 'node:crypto'
import { ObjectId, type Db } from 'mongodb'
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

/** The index the sender's claim uses. Idempotent; run at start. */
export async function ensureOutboxIndexes(db: Db): Promise<void> {
  await guardMongo(() => db.collection(COLLECTION).createIndex({ state: 1, next_attempt_at: 1 }, { name: 'due' }))
}

/** The `MailOutbox` on MongoDB: every step is one single-document operation. */
export function createMongoMailOutbox(db: Db): MailOutbox {
  const outbox = db.collection<OutboxDocument>(COLLECTION)
  const mine = (mail: ClaimedMail) => ({ _id: new ObjectId(mail.id), claim_id: mail.claimId, state: 'sending' as const })
  return {
    enqueue: (mail, now) =>
      guardMongo(async () => {
        await outbox.insertOne({ ...mail, state: 'pending', attempts: 0, next_attempt_at: now, created_at: now })
      }),

    claim: (now, leaseMs) =>
      guardMongo(async () => {
        const claimId = randomUUID()
        const doc = await outbox.findOneAndUpdate(
          { $or: [{ state: 'pending', next_attempt_at: { $lte: now } }, { state: 'sending', claimed_until: { $lte: now } }] },
          { $set: { state: 'sending', claim_id: claimId, claimed_until: new Date(now.getTime() + leaseMs) }, $inc: { attempts: 1 } },
          { sort: { next_attempt_at: 1 }, returnDocument: 'after' },
        )
        if (!doc) return undefined
        const { _id, to, subject, text, html, attempts } = doc
        return { id: _id.toHexString(), claimId, to, subject, text, html, attempts }
      }),

    sent: (mail) => guardMongo(async () => {
      await outbox.deleteOne(mine(mail))
    }),

    retry: (mail, at) => guardMongo(async () => {
      await outbox.updateOne(mine(mail), { $set: { state: 'pending', next_attempt_at: at }, $unset: { claim_id: '', claimed_until: '' } })
    }),

    fail: (mail, now) => guardMongo(async () => {
      await outbox.updateOne(mine(mail), { $set: { state: 'failed', text: '', html: '', next_attempt_at: now }, $unset: { claim_id: '', claimed_until: '' } })
    }),

    backlog: () => guardMongo(() => outbox.countDocuments({ state: { $in: ['pending', 'sending'] } })),
  }
}
