import t from 'tap'
import { MongoClient } from 'mongodb'
import { join } from 'node:path'
import { isPortFree, startMongo } from '../src/index.js'
import { tempDir } from './temp-dir.js'

async function withDb<T>(url: string, use: (client: MongoClient) => Promise<T>): Promise<T> {
  const client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 })
  try {
    return await use(client)
  } finally {
    await client.close()
  }
}

t.test('a document written before restart() is still there after it', async (t) => {
  const mongo = await startMongo({ dataDir: join(await tempDir(t), 'mongo') })
  t.teardown(() => mongo.stop())
  t.match(mongo.kind, /^(mongod|ferretdb)$/)
  t.equal(mongo.url, `mongodb://127.0.0.1:${mongo.port}`)

  await withDb(mongo.url, (client) => client.db('local_servers_test').collection('things').insertOne({ name: 'kept' }))
  await mongo.restart()
  const found = await withDb(mongo.url, (client) => client.db('local_servers_test').collection('things').findOne({ name: 'kept' }))
  t.equal(found?.['name'], 'kept')
})

t.test('stop() is idempotent and frees the port', async (t) => {
  const mongo = await startMongo({ dataDir: join(await tempDir(t), 'mongo') })
  await Promise.all([mongo.stop(), mongo.stop()])
  await mongo.stop()
  t.ok(await isPortFree(mongo.port), 'nothing listens on the port')
})
