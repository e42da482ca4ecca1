import type { Cluster } from 'ioredis'
import type { LinkEvents, TrackedRead } from './invalidation-link.js'
import { NodeLink } from './node-link.js'
import type { RedisNodeAddress } from './redis-target.js'

export interface ClusterInvalidationLinksOptions extends LinkEvents {
  /** The Cluster client that reads; its slot map says which nodes are primaries. */
  cluster: Cluster
}

const SLOT_COUNT = 16_384

/**
 * One invalidation link per Cluster primary (issue 15). In BCAST mode a node pushes every change of a tracked key it
 * applies, whoever read it, so the reads may go through the Cluster client while each primary's pushes come on its
 * own link. Memory may answer only while every slot's primary, as the Cluster client last saw them, has a link that
 * is up, whose node says it is a primary, and whose heartbeat sent after the lookup began has come back. The set is
 * reconciled on every slot refresh and node change: a new primary gets a link, a node that no longer is one loses
 * it, and every change (and every role change a node reports) forgets everything remembered.
 */
export class ClusterInvalidationLinks {
  private readonly links = new Map<string, NodeLink>()
  /** Every slot's primary in the Cluster client's map has a link. */
  private complete = false
  private generation = 0
  private closed = false

  constructor(private readonly options: ClusterInvalidationLinksOptions) {
    for (const event of ['refresh', '+node', '-node']) options.cluster.on(event, () => this.reconcile())
    this.reconcile()
  }

  /** True while every primary's invalidations flow and every node linked says it is a primary. */
  get linked(): boolean {
    if (!this.complete) return false
    for (const link of this.links.values()) if (!link.linked) return false
    return true
  }

  /** True when a heartbeat within `maxStalenessMs` of `asOf` has come back on every link. */
  freshWithin(maxStalenessMs: number, asOf: number): boolean {
    if (!this.linked) return false
    let fresh = true
    // Each link's check also sends its heartbeat when one is due: ask every link, even after one said no.
    for (const link of this.links.values()) fresh = link.freshWithin(maxStalenessMs, asOf) && fresh
    return fresh
  }

  /** Waits for every link's heartbeat; false when any link cannot prove it or the set changed meanwhile. */
  async untilFresh(maxStalenessMs: number, asOf: number): Promise<boolean> {
    if (!this.linked) return false
    const generation = this.generation
    const fresh = await Promise.all([...this.links.values()].map((link) => link.untilFresh(maxStalenessMs, asOf)))
    return fresh.every(Boolean) && generation === this.generation && this.linked
  }

  /** A read that may be remembered only if no link's invalidation, no broken link and no set change overtook it. */
  beginRead(key: string): TrackedRead {
    const generation = this.generation
    const reads = [...this.links.values()].map((link) => link.beginRead(key))
    return {
      stillValid: () => generation === this.generation && this.linked && reads.every((read) => read.stillValid()),
      end: () => {
        for (const read of reads) read.end()
      },
    }
  }

  async close(): Promise<void> {
    this.closed = true
    this.complete = false
    const links = [...this.links.values()]
    this.links.clear()
    await Promise.all(links.map((link) => link.close()))
  }

  private reconcile(): void {
    if (this.closed) return
    const primaries = new Map<string, RedisNodeAddress>()
    for (const node of this.options.cluster.nodes('master')) {
      const { host, port } = node.options as { host: string; port: number }
      primaries.set(`${host}:${port}`, { host, port })
    }
    const complete = primaries.size > 0 && coversEverySlot(this.options.cluster.slots, primaries)
    const same = primaries.size === this.links.size && [...primaries.keys()].every((key) => this.links.has(key))
    if (same && complete === this.complete) return
    this.forgetAll()
    this.complete = complete
    for (const [key, link] of this.links) {
      if (primaries.has(key)) continue
      this.links.delete(key)
      void link.close()
    }
    for (const [key, node] of primaries) if (!this.links.has(key)) this.links.set(key, this.open(node))
  }

  private open(node: RedisNodeAddress): NodeLink {
    const { prefix, onInvalidate, onHeartbeat } = this.options
    return new NodeLink({
      node,
      prefix,
      onInvalidate,
      onHeartbeat,
      onRoleChange: (primary) => {
        this.forgetAll()
        // A node that stopped being a primary: the Cluster client's map is behind, ask for the new one at once.
        if (!primary && !this.closed) this.options.cluster.refreshSlotsCache()
      },
    })
  }

  // In-flight reads started before a change are not remembered (their generation is gone), nor is anything held.
  private forgetAll(): void {
    this.generation += 1
    this.options.onInvalidate(undefined)
  }
}

/** True when every slot's primary (the first node the Cluster client lists for it) is one of `primaries`. */
function coversEverySlot(slots: readonly (readonly string[] | undefined)[], primaries: ReadonlyMap<string, unknown>): boolean {
  for (let slot = 0; slot < SLOT_COUNT; slot += 1) {
    const primary = slots[slot]?.[0]
    if (primary === undefined || !primaries.has(primary)) return false
  }
  return true
}
