import { Cluster, type Redis } from 'ioredis'
import calculateSlot from 'cluster-key-slot'
import type { RedisClient } from '@authpair/verifier/redis'
import { sessionKeys } from '@authpair/verifier'
import { slotNodesNamedBy } from './cluster-nodes.js'

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
  for (const node of named) {
    // The owner names itself too; its connection is already the first.
    if (node.myself) continue
    const connection = node.addresses.map((address) => byAddress.get(address)).find((found) => found !== undefined)
    if (connection === undefined) return undefined
    if (!connections.includes(connection)) connections.push(connection)
  }
  return connections
}
