import type { Redis } from 'ioredis'
import { closeRedisClient, createRedisClient } from './redis-client.js'
import { InvalidationLink, type LinkEvents, type TrackedRead } from './invalidation-link.js'
import type { RedisNodeAddress } from './redis-target.js'

export interface NodeLinkOptions extends LinkEvents {
  node: RedisNodeAddress
  /** The node's role changed (or could not be checked): its pushes may no longer cover its slots. */
  onRoleChange: (primary: boolean) => void
}

/** How often each node is asked its role. A Cluster client's slot map may lag; the node itself does not. */
const ROLE_CHECK_MS = 1000

/**
 * The invalidation link of one Cluster primary (issue 15): a tracking connection that reads nothing, switched to
 * `CLIENT TRACKING ... BCAST` and redirected to the link's subscriber. Both are plain connections to the node's own
 * address, never through the Cluster client, so the REDIRECT names a client id of the same server. It also knows
 * whether the node answered `ROLE` as a primary since it last connected: a demoted primary (a manual failover) keeps
 * its connections, and its pushes then lag behind the new primary's writes by the replication delay.
 */
export class NodeLink {
  private readonly tracking: Redis
  private readonly link: InvalidationLink
  private readonly roleTimer: NodeJS.Timeout
  private primary = false
  private closed = false

  constructor(private readonly options: NodeLinkOptions) {
    const { host, port } = options.node
    const url = `redis://${host.includes(':') ? `[${host}]` : host}:${port}`
    this.tracking = createRedisClient({ url, connectionName: 'verifier-tracking', lazyConnect: false })
    const { prefix, onInvalidate, onHeartbeat } = options
    this.link = new InvalidationLink({ url, data: this.tracking, prefix, onInvalidate, onHeartbeat })
    this.tracking.on('ready', () => void this.checkRole())
    this.tracking.on('close', () => this.setPrimary(false))
    this.roleTimer = setInterval(() => void this.checkRole(), ROLE_CHECK_MS).unref()
  }

  /** Linked, and the node said it is a primary since its connection last came up. */
  get linked(): boolean {
    return this.primary && this.link.linked
  }

  freshWithin(maxStalenessMs: number, asOf: number): boolean {
    return this.link.freshWithin(maxStalenessMs, asOf)
  }

  untilFresh(maxStalenessMs: number, asOf: number): Promise<boolean> {
    return this.link.untilFresh(maxStalenessMs, asOf)
  }

  beginRead(key: string): TrackedRead {
    return this.link.beginRead(key)
  }

  // A replica, or no answer, unlinks it.
  private async checkRole(): Promise<void> {
    if (this.tracking.status !== 'ready') return
    try {
      const [role] = (await this.tracking.call('ROLE')) as [string, ...unknown[]]
      this.setPrimary(role === 'master')
    } catch {
      this.setPrimary(false)
    }
  }

  async close(): Promise<void> {
    this.closed = true
    this.primary = false
    clearInterval(this.roleTimer)
    await this.link.close()
    await closeRedisClient(this.tracking)
  }

  private setPrimary(primary: boolean): void {
    if (this.closed || primary === this.primary) return
    this.primary = primary
    this.options.onRoleChange(primary)
  }
}
