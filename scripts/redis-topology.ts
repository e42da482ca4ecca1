// Starts a local Redis Sentinel set or Cluster by hand (issue 15), prints the variables the services need, and
// stops it on Ctrl-C:  node --import tsx scripts/redis-topology.ts sentinel|cluster [data dir]
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { readRedisTopology, startTopology } from './stack/redis-topology.js'

async function main(): Promise<void> {
  const [kind, dir] = process.argv.slice(2)
  const topology = readRedisTopology({ REDIS_TOPOLOGY: kind ?? '' })
  if (topology === 'single') throw new Error('usage: scripts/redis-topology.ts sentinel|cluster [data dir]')
  const dataDir = dir === undefined ? await mkdtemp(join(tmpdir(), 'authpair-redis-')) : resolve(dir)
  const started = await startTopology(topology, dataDir)
  console.log(`${topology} up, data in ${dataDir}: ${started.description}`)
  for (const [name, value] of Object.entries(started.env)) console.log(`export ${name}=${value}`)
  console.log('Ctrl-C to stop')
  const stop = (): void => {
    void started.stop().then(() => process.exit(0))
  }
  process.once('SIGINT', stop).once('SIGTERM', stop).once('SIGHUP', stop)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
