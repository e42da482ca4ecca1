import { MongoServerError, ObjectId, type Collection, type Db, type Filter, type UpdateFilter, type WithId } from 'mongodb'
import { AppError } from '@authpair/errors'
import { guardMongo } from '@authpair/stores'
import type { NewUser, UserChanges, UserPage, UserRecord, UserRepository } from '../domain/ports.js'

/** A user as stored. Field names follow the wire contract's snake_case. */
interface UserDocument {
  email: string
  password_hash: string
  name: string
  first_name?: string
  last_name?: string
  phone?: string
  roles: string[]
  disabled: boolean
  /** Absent on users written before issue 14: read as false. */
  email_verified?: boolean
  created_at: Date
  updated_at: Date
  /** Absent on users written before versions existed: read as 0. */
  version?: number
}

const DUPLICATE_KEY = 11000

// MongoDB says 11000; FerretDB 1.x says so on insert, but an update that breaks a unique index is its code 1 with
// SQLite's words (issue 14, an email change onto a taken address).
function isDuplicateKey(error: unknown): boolean {
  return error instanceof MongoServerError && (error.code === DUPLICATE_KEY || /UNIQUE constraint failed/.test(error.message))
}

function toRecord(doc: WithId<UserDocument>): UserRecord {
  return {
    id: doc._id.toHexString(),
    email: doc.email,
    passwordHash: doc.password_hash,
    name: doc.name,
    ...(doc.first_name !== undefined && { firstName: doc.first_name }),
    ...(doc.last_name !== undefined && { lastName: doc.last_name }),
    ...(doc.phone !== undefined && { phone: doc.phone }),
    roles: doc.roles,
    disabled: doc.disabled,
    emailVerified: doc.email_verified ?? false,
    createdAt: doc.created_at,
    updatedAt: doc.updated_at,
    version: doc.version ?? 0,
  }
}

function toDocument(user: NewUser): UserDocument {
  return {
    email: user.email,
    password_hash: user.passwordHash,
    name: user.name,
    ...(user.firstName !== undefined && { first_name: user.firstName }),
    ...(user.lastName !== undefined && { last_name: user.lastName }),
    ...(user.phone !== undefined && { phone: user.phone }),
    roles: user.roles,
    disabled: user.disabled,
    email_verified: user.emailVerified,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
    version: user.version,
  }
}

/** An id from a client, or undefined when it cannot be an ObjectId (no such user, then). */
function objectId(id: string): ObjectId | undefined {
  return ObjectId.isValid(id) && /^[0-9a-fA-F]{24}$/.test(id) ? new ObjectId(id) : undefined
}

/** Creates the unique index on the normalized email. Idempotent; run at start. */
export async function ensureUserIndexes(db: Db): Promise<void> {
  await guardMongo(() => db.collection<UserDocument>('users').createIndex({ email: 1 }, { unique: true, name: 'email_unique' }))
}

/** The `UserRepository` on MongoDB: single-document operations only (FerretDB 1.x has no transactions). */
export function createMongoUserRepository(db: Db): UserRepository {
  const users: Collection<UserDocument> = db.collection<UserDocument>('users')
  const byId = (id: string) => {
    const _id = objectId(id)
    return _id ? { _id } : undefined
  }

  // Every write of a user goes through here, so every write raises its version (see createSessionUserCache).
  const change = (id: string, update: UpdateFilter<UserDocument>, only: Filter<UserDocument> = {}) => guardMongo(async () => {
    const filter = byId(id)
    if (!filter) return undefined
    try {
      const doc = await users.findOneAndUpdate({ ...only, ...filter }, { ...update, $inc: { version: 1 } }, { returnDocument: 'after' })
      return doc ? toRecord(doc) : undefined
    } catch (error) {
      if (isDuplicateKey(error)) throw new AppError('email_taken')
      throw error
    }
  })

  return {
    insert: (user) =>
      guardMongo(async () => {
        const document = toDocument(user)
        try {
          const { insertedId } = await users.insertOne(document)
          return toRecord({ _id: insertedId, ...document })
        } catch (error) {
          if (error instanceof MongoServerError && error.code === DUPLICATE_KEY) throw new AppError('email_taken')
          throw error
        }
      }),

    findByEmail: (email) => guardMongo(async () => {
      const doc = await users.findOne({ email })
      return doc ? toRecord(doc) : undefined
    }),

    findById: (id) => guardMongo(async () => {
      const filter = byId(id)
      const doc = filter ? await users.findOne(filter) : null
      return doc ? toRecord(doc) : undefined
    }),

    setPasswordHash: (id, passwordHash, now) => change(id, { $set: { password_hash: passwordHash, updated_at: now } }),

    list: (page, perPage) => guardMongo(async (): Promise<UserPage> => {
      const [total, docs] = await Promise.all([
        users.countDocuments({}),
        users.find({}).sort({ _id: 1 }).skip((page - 1) * perPage).limit(perPage).toArray(),
      ])
      return { total, items: docs.map(toRecord) }
    }),

    update: (id, changes: UserChanges, now) => change(id, { $set: { ...changes, updated_at: now } }),

    markEmailVerified: (id, email, now) => change(id, { $set: { email_verified: true, updated_at: now } }, { email }),

    changeEmail: (id, from, to, now) => change(id, { $set: { email: to, email_verified: true, updated_at: now } }, { email: from }),

    addRole: (id, role, now) => change(id, { $addToSet: { roles: role }, $set: { updated_at: now } }),
  }
}
