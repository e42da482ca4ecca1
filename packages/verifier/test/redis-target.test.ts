// Issue 15: exactly one of REDIS_URL, REDIS_SENTINELS (+ REDIS_SENTINEL_NAME), REDIS_CLUSTER_NODES.
import t from 'tap'
import { formatRedisAddress, parseRedisAddress, readRedisTarget, RedisTargetError } from '../src/redis/index.js'

t.test('none set is the local default server', async (t) => {
  t.same(readRedisTarget({}), { mode: 'single', url: 'redis://127.0.0.1:6379' })
  t.same(readRedisTarget({ REDIS_URL: 'redis://10.0.0.1:6379' }), { mode: 'single', url: 'redis://10.0.0.1:6379' })
})

t.test('a Sentinel set and a Cluster are read, and survive the address round trip', async (t) => {
  const sentinel = readRedisTarget({ REDIS_SENTINELS: '10.0.0.1:26379, sentinel-2:26380', REDIS_SENTINEL_NAME: 'authpair' })
  t.same(sentinel, { mode: 'sentinel', name: 'authpair', sentinels: [{ host: '10.0.0.1', port: 26379 }, { host: 'sentinel-2', port: 26380 }] })
  t.same(parseRedisAddress(formatRedisAddress(sentinel)), sentinel)
  const cluster = readRedisTarget({ REDIS_CLUSTER_NODES: '127.0.0.1:7000,[::1]:7001' })
  t.same(cluster, { mode: 'cluster', nodes: [{ host: '127.0.0.1', port: 7000 }, { host: '::1', port: 7001 }] })
  t.same(parseRedisAddress(formatRedisAddress(cluster)), cluster)
})

const refused: [string, Record<string, string>, string[], RegExp][] = [
  ['two deployments', { REDIS_URL: 'redis://x:1', REDIS_CLUSTER_NODES: 'a:1' }, ['REDIS_URL', 'REDIS_CLUSTER_NODES'], /only one of/],
  ['sentinels without a name', { REDIS_SENTINELS: 'a:1' }, ['REDIS_SENTINEL_NAME'], /needs REDIS_SENTINEL_NAME/],
  ['a name without sentinels', { REDIS_SENTINEL_NAME: 'authpair' }, ['REDIS_SENTINEL_NAME'], /REDIS_SENTINELS is not/],
  ['a node without a port', { REDIS_CLUSTER_NODES: 'a:1,b' }, ['REDIS_CLUSTER_NODES'], /"b" is not a host:port/],
  ['a port out of range', { REDIS_SENTINELS: 'a:70000', REDIS_SENTINEL_NAME: 'n' }, ['REDIS_SENTINELS'], /not a host:port/],
]
for (const [name, env, variables, message] of refused) {
  t.test(`refused: ${name}, naming ${variables.join(' and ')}`, async (t) => {
    const error = (() => {
      try {
        readRedisTarget(env)
      } catch (caught) {
        return caught
      }
      return undefined
    })()
    t.ok(error instanceof RedisTargetError, 'a RedisTargetError')
    t.match((error as RedisTargetError).message, message)
    t.same((error as RedisTargetError).variables, variables)
  })
}
