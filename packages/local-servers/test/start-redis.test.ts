import t from 'tap'
import { Redis } from 'ioredis'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isPortFree, startRedis } from '../src/index.js'
import { tempDir } from './temp-dir.js'

async function withClient<T>(url: string, use: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 })
  try {
    return await use(redis)
  } finally {
    redis.disconnect()
  }
}

t.test('a key written before restart() is still there after it', async (t) => {
  const redis = await startRedis({ dataDir: join(await tempDir(t), 'redis') })
  t.teardown(() => redis.stop())
  t.equal(redis.kind, 'redis')
  t.equal(redis.url, `redis://127.0.0.1:${redis.port}`)

  await withClient(redis.url, (client) => client.set('local-servers:test', 'kept'))
  await redis.restart()
  t.equal(await withClient(redis.url, (client) => client.get('local-servers:test')), 'kept')
})

t.test('stop() is idempotent and frees the port', async (t) => {
  const redis = await startRedis({ dataDir: join(await tempDir(t), 'redis') })
  await Promise.all([redis.stop(), redis.stop()])
  await redis.stop()
  t.ok(await isPortFree(redis.port), 'nothing listens on the port')
})

t.test('an explicit port is used', async (t) => {
  const dataDir = join(await tempDir(t), 'redis')
  const first = await startRedis({ dataDir })
  const port = first.port
  await first.stop()
  const redis = await startRedis({ dataDir, port })
  t.teardown(() => redis.stop())
  t.equal(redis.port, port)
  t.equal(await withClient(redis.url, (client) => client.ping()), 'PONG')
})

t.test('a Redis that cannot load its data is reported with the end of its log file', async (t) => {
  const dataDir = join(await tempDir(t), 'redis')
  await mkdir(join(dataDir, 'appendonlydir'), { recursive: true })
  await writeFile(join(dataDir, 'appendonlydir', 'appendonly.aof.manifest'), 'not a manifest\n')
  await t.rejects(startRedis({ dataDir }), {
    message: /exited before it was ready \(exit code 1\)[\s\S]*command: redis-server --port \d+ [\s\S]*\| .*Invalid AOF manifest/,
  })
})
