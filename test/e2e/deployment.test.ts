// Issue 15: `pnpm test:cluster` runs this suite with the services on a Redis Cluster. This file proves the run is
// what it says: the session a login creates is on the deployment the harness named, and nowhere else.
import t from 'tap'
import { Redis } from 'ioredis'
import { sessionKeys } from '@authpair/verifier'
import { closeRedisClient, createDeploymentClient, parseRedisAddress } from '@authpair/verifier/redis'
import { login, startPair } from './harness.js'

const onCluster = Boolean(process.env.TEST_REDIS_CLUSTER_NODES)

t.test(`the pair keeps its sessions on the harness's deployment (${onCluster ? 'a Redis Cluster' : 'one Redis server'})`, async (t) => {
  const { issuer, stores } = await startPair(t)
  const session = await login(issuer)
  const marker = sessionKeys(stores.keyPrefix).live(session.userId, session.sessionId)
  const target = parseRedisAddress(stores.redisAddress)
  t.equal(target.mode, onCluster ? 'cluster' : 'single')
  const deployment = createDeploymentClient(target, { connectionName: 'e2e-deployment-check' })
  t.teardown(() => closeRedisClient(deployment))
  await deployment.connect()
  t.equal(await deployment.exists(marker), 1, 'the session is on the deployment')
  if (onCluster) {
    const single = new Redis(stores.redisUrl)
    t.teardown(() => single.disconnect())
    t.equal(await single.exists(marker), 0, 'and not on the harness\'s single server')
  }
})
