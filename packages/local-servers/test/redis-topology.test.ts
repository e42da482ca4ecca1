// Issue 15: the Sentinel set and the Cluster that the failover tests and `REDIS_TOPOLOGY=...` `pnpm start` use.
import t from 'tap'
import { Cluster, Redis } from 'ioredis'
import { join } from 'node:path'
import { isPortFree, startRedisCluster, startRedisSentinel } from '../src/index.js'
import { tempDir } from './temp-dir.js'

t.test('issue 15: a Sentinel set comes up with a writable primary through the sentinels, and stops', async (t) => {
  const set = await startRedisSentinel({ dataDir: join(await tempDir(t), 'sentinel') })
  t.teardown(() => set.stop())
  t.equal(set.nodes.length, 3)
  t.equal(set.sentinels.length, 3)
  t.equal((await set.primary()).port, set.nodes[0]?.port, 'the first node is the primary')

  const sentinels = set.sentinelAddresses.split(',').map((address) => ({ host: '127.0.0.1', port: Number(address.split(':')[1]) }))
  const client = new Redis({ sentinels, name: set.name, maxRetriesPerRequest: 1 })
  t.teardown(() => client.disconnect())
  await client.set('topology:test', 'written')
  t.equal(await client.wait(2, 2000), 2, 'both replicas confirm the write')

  await set.stop()
  await set.stop()
  for (const server of [...set.nodes, ...set.sentinels]) t.ok(await isPortFree(server.port), `port ${server.port} is free`)
})

t.test('issue 15: a Cluster of three primaries and three replicas comes up, takes keys on every slot, and stops', async (t) => {
  const cluster = await startRedisCluster({ dataDir: join(await tempDir(t), 'cluster') })
  t.teardown(() => cluster.stop())
  t.equal(cluster.nodes.length, 6)

  const nodes = cluster.nodeAddresses.split(',').map((address) => ({ host: '127.0.0.1', port: Number(address.split(':')[1]) }))
  const client = new Cluster(nodes, { redisOptions: { maxRetriesPerRequest: 1 } })
  t.teardown(() => client.disconnect())
  const keys = Array.from({ length: 20 }, (_, index) => `topology:${index}`)
  for (const key of keys) await client.set(key, key)
  for (const key of keys) t.equal(await client.get(key), key)
  for (const node of cluster.nodes) {
    // Every node, not just one, must already see the final roles: that is what "up" means for the tests using it.
    const view = new Redis(node.url, { maxRetriesPerRequest: 1 })
    const lines = String(await view.cluster('NODES')).trim().split('\n')
    view.disconnect()
    const roles = lines.map((line) => (/^\S+ \S+ \S*slave/.test(line) ? 'replica' : 'primary'))
    t.same(roles.sort(), ['primary', 'primary', 'primary', 'replica', 'replica', 'replica'], `127.0.0.1:${node.port} sees three primaries, three replicas`)
  }

  await cluster.stop()
  await cluster.stop()
  for (const node of cluster.nodes) t.ok(await isPortFree(node.port), `port ${node.port} is free`)
})
