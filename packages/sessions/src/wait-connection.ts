import { Cluster, type Redis } from 'ioredis'
import calculateSlot from 'cluster-key-slot'
import type { RedisClient } from '@authpair/verifier/redis'
import { sessionKeys } from '@authpair/verifier'

/**
 * The connections a `WAIT` for a user's revocation must go on (issue 15). WAIT counts the writes sent before it on
 * its own connection and the replicas of the node it reaches: on one server (or a Sentinel set's primary) that is
 * the client itself. On a Cluster, the primary that owns the user's slot (every key of a user carries `{<uid>}`) in
 * the client's slot map, and, while that slot moves, every other primary the owner names for it: during a migration
 * a script whose keys have already left gets `ASK` and runs on the importing primary, over the client's connection
 * to it, and once the move ends the slot map may still name the old owner. `undefined` when a primary named has no
 * connection in the client (a failover or resharding the client has not caught up with): the caller answers 503.
 */
export async function waitConnectionsFor(redis: RedisClient, userId: string, prefix?: string): Promise<Redis[] | undefined> {
  if (!(redis instanceof Cluster)) return [redis]
  const slot = calculateSlot(sessionKeys(prefix).userSessions(userId))
  const byAddress = new Map(redis.nodes('master').map((node) => [`${node.options.host}:${node.options.port}`, node]))
  const owner = byAddress.get(redis.slots[slot]?.[0] ?? '')
  if (owner === undefined) return undefined
  const named = slotNodesNamedBy(String(await owner.call('CLUSTER', 'NODES')), slot)
  const connections = [owner]
  for (const address of named) {
    const connection = byAddress.get(address)
    if (connection === undefined) return undefined
    if (!connections.includes(connection)) connections.push(connection)
  }
  return connections
}

/**
 * The `host:port` of every node a `CLUSTER NODES` reply names for `slot`: the node serving it and, when the replying
 * node (`myself`) is migrating it, the node it migrates to.
 */
export function slotNodesNamedBy(clusterNodes: string, slot: number): string[] {
  const nodes = clusterNodes
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [id = '', address = '', flags = '', , , , , , ...slots] = line.trim().split(' ')
      return { id, address: address.split('@')[0]!, myself: flags.split(',').includes('myself'), slots }
    })
  const named = new Set<string>()
  for (const node of nodes) {
    if (node.slots.some((range) => servesSlot(range, slot))) named.add(node.address)
    if (!node.myself) continue
    for (const range of node.slots) {
      const migrating = /^\[(\d+)->-([0-9a-f]+)\]$/.exec(range)
      if (migrating && Number(migrating[1]) === slot) {
        const target = nodes.find((other) => other.id === migrating[2])
        if (target !== undefined) named.add(target.address)
      }
    }
  }
  return [...named]
}

function servesSlot(range: string, slot: number): boolean {
  if (range.startsWith('[')) return false
  const [from, to = from] = range.split('-').map(Number) as [number, number?]
  return slot >= from && slot <= to
}
