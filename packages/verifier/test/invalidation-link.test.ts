// Issue 15: the tracking connection's REDIRECT names a client id, and client ids are per server. Two connections
// that reached different servers (Sentinel connections resolved apart during a failover) must never link: the
// pushes would go to whichever client of the other server has that id.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { Redis } from 'ioredis'
import { startRedis } from '@authpair/local-servers'
import { InvalidationLink } from '../src/redis/invalidation-link.js'

const dir = await mkdtemp(join(tmpdir(), 'authpair-link-'))
const [one, other] = [await startRedis({ dataDir: join(dir, 'one') }), await startRedis({ dataDir: join(dir, 'other') })]
t.teardown(async () => {
  await Promise.all([one.stop(), other.stop()])
  await rm(dir, { recursive: true, force: true })
})

async function linkedWithin(link: InvalidationLink, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (!link.linked && Date.now() < deadline) await sleep(10)
  return link.linked
}

t.test('a data connection on another server than the subscriber never links, even when that id exists there', async (t) => {
  // Strangers on the data connection's server, holding every low client id the subscriber could get.
  const strangers = Array.from({ length: 30 }, () => new Redis(one.url))
  await Promise.all(strangers.map((stranger) => stranger.ping()))
  const data = new Redis(one.url, { maxRetriesPerRequest: 1 })
  t.teardown(() => [data, ...strangers].forEach((client) => client.disconnect()))
  const link = new InvalidationLink({ url: other.url, data, prefix: 'x:', onInvalidate: () => undefined })
  t.teardown(() => link.close())
  t.equal(await linkedWithin(link, 1500), false, 'not linked')
  const clients = String(await strangers[0]!.client('LIST')).split('\n')
  const redirected = clients.filter((line) => /redir=\d+/.test(line))
  t.same(redirected, [], 'no client of the data server has its tracking redirected')

  const sameServer = new Redis(other.url, { maxRetriesPerRequest: 1 })
  t.teardown(() => sameServer.disconnect())
  const control = new InvalidationLink({ url: other.url, data: sameServer, prefix: 'x:', onInvalidate: () => undefined })
  t.teardown(() => control.close())
  t.equal(await linkedWithin(control, 5000), true, 'both connections on one server: linked')
})
