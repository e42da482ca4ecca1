import { Redis } from 'ioredis'
import { MongoClient } from 'mongodb'

/** One Redis PING with no retries: rejects at once while the server is down or still loading its data. */
export async function pingRedis(port: number): Promise<void> {
  await askRedis(port, 'PING', [])
}

/** Runs one command on the Redis at 127.0.0.1:`port` with a fresh connection that never retries. */
export async function askRedis(port: number, command: string, args: readonly (string | number)[]): Promise<unknown> {
  const client = new Redis({
    host: '127.0.0.1',
    port,
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    retryStrategy: () => null,
  })
  // The failure surfaces as the rejected connect or ping; the event would only be logged as unhandled.
  client.on('error', () => {})
  try {
    await client.connect()
    return await client.call(command, ...args)
  } finally {
    client.disconnect()
  }
}

/** One MongoDB `ping` command, giving up after about a second. */
export async function pingMongo(url: string): Promise<void> {
  const client = new MongoClient(url, { directConnection: true, serverSelectionTimeoutMS: 1000, connectTimeoutMS: 1000 })
  try {
    await client.connect()
    await client.db('admin').command({ ping: 1 })
  } finally {
    await client.close()
  }
}
