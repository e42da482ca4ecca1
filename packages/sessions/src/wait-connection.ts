import { Cluster, type Redis } from 'ioredis'
import calculateSlot from 'cluster-key-slot'
import type { RedisClient } from '@authpair/verifier/redis'
import { sessionKeys } from '@authpair/verifier'

/**
 * The connection a `WAIT` for a user's revocation must go on (issue 15). WAIT counts the writes sent before it on
 * its own connection and the replicas of the node it reaches: on one server (or a Sentinel set's primary) that is
 * the client itself; on a Cluster, the primary that owns the user's slot (every key of a user carries `{<uid>}`),
 * whose connection is the one ioredis sent the revocation on. `undefined` when the slot map names no connected
 * primary (a failover in progress): the caller answers 503.
 */
export function waitConnectionFor(redis: RedisClient, userId: string, prefix?: string): Redis | undefined {
  if (!(redis instanceof Cluster)) return redis
  const owner = redis.slots[calculateSlot(sessionKeys(prefix).userSessions(userId))]?.[0]
  return redis.nodes('master').find((node) => `${node.options.host}:${node.options.port}` === owner)
}
