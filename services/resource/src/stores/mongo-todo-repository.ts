import { ObjectId, type Db, type WithId } from 'mongodb'
import { guardMongo } from '@authpair/stores'
import type { TodoRecord, TodoRepository } from '../domain/todos.js'

interface TodoDocument {
  owner_id: string
  title: string
  done: boolean
  created_at: Date
}

function toRecord(doc: WithId<TodoDocument>): TodoRecord {
  return { id: doc._id.toHexString(), ownerId: doc.owner_id, title: doc.title, done: doc.done, createdAt: doc.created_at }
}

/** The filter for one todo of one owner; `undefined` when the id cannot exist. */
function ownTodo(ownerId: string, id: string): { _id: ObjectId; owner_id: string } | undefined {
  return /^[0-9a-fA-F]{24}$/.test(id) ? { _id: new ObjectId(id), owner_id: ownerId } : undefined
}

/** Creates the index that serves every query (by owner, in creation order). Idempotent. */
export async function ensureTodoIndexes(db: Db): Promise<void> {
  await guardMongo(() => db.collection<TodoDocument>('todos').createIndex({ owner_id: 1, _id: 1 }, { name: 'owner_order' }))
}

/** The `TodoRepository` on MongoDB; every query filters by owner. */
export function createMongoTodoRepository(db: Db): TodoRepository {
  const todos = db.collection<TodoDocument>('todos')
  return {
    create: (ownerId, title, now) => guardMongo(async () => {
      const doc: TodoDocument = { owner_id: ownerId, title, done: false, created_at: now }
      const { insertedId } = await todos.insertOne(doc)
      return toRecord({ _id: insertedId, ...doc })
    }),
    list: (ownerId, limit) => guardMongo(async () =>
      (await todos.find({ owner_id: ownerId }).sort({ _id: 1 }).limit(limit).toArray()).map(toRecord)),
    get: (ownerId, id) => guardMongo(async () => {
      const filter = ownTodo(ownerId, id)
      const doc = filter ? await todos.findOne(filter) : null
      return doc ? toRecord(doc) : undefined
    }),
    update: (ownerId, id, changes) => guardMongo(async () => {
      const filter = ownTodo(ownerId, id)
      const doc = filter ? await todos.findOneAndUpdate(filter, { $set: changes }, { returnDocument: 'after' }) : null
      return doc ? toRecord(doc) : undefined
    }),
    remove: (ownerId, id) => guardMongo(async () => {
      const filter = ownTodo(ownerId, id)
      return filter ? (await todos.deleteOne(filter)).deletedCount === 1 : false
    }),
  }
}
