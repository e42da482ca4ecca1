import type { Redis } from 'ioredis'
import { closeRedisClient, createRedisClient } from './redis-client.js'
import { Heartbeats } from './heartbeats.js'

/** What a link tracks, and whom it tells. */
export interface LinkEvents {
  /** Keys under this prefix are tracked; the rest of each key is passed to `onInvalidate`. */
  prefix: string
  /** A key under `prefix` changed (the suffix), or `undefined`: forget everything. */
  onInvalidate: (suffix: string | undefined) => void
  /** A heartbeat was sent: one PING, the Redis work a busy verifier adds. */
  onHeartbeat?: () => void
}

export interface InvalidationLinkOptions extends LinkEvents {
  url: string
  /** The connection that reads; tracking is switched on for it, redirected to the link's own connection. */
  data: Redis
}

/** A read in flight: its result may be cached only if no invalidation for its key arrived meanwhile. */
export interface TrackedRead {
  stillValid(): boolean
  end(): void
}

const CHANNEL = '__redis__:invalidate'
const NOT_PROVEN = Promise.resolve(false)

/**
 * The subscriber side of Redis client-side caching over RESP2: its own connection subscribes to the invalidation
 * channel, and the data connection's tracking is redirected to it. It also keeps the proof of freshness (answered
 * heartbeats) and knows which reads an invalidation overtook.
 */
export class InvalidationLink {
  private readonly events: Redis
  /** The subscriber's client id while it is subscribed, and the `run_id` of the server that gave it. */
  private eventsId: string | undefined
  private eventsServer: string | undefined
  private isLinked = false
  private generation = 0
  private readonly heartbeats: Heartbeats
  private readonly inFlight = new Map<string, number>()
  private readonly overtaken = new Set<string>()
  private relinking: Promise<void> | undefined
  private relinkAgain = false

  constructor(private readonly options: InvalidationLinkOptions) {
    // A subscribed connection may not run CLIENT ID, so it resubscribes itself (below), not through ioredis.
    this.events = createRedisClient({
      url: options.url,
      connectionName: 'verifier-invalidations',
      lazyConnect: false,
      // Heartbeats go one at a time, so batching has nothing to batch: it only delayed each to the next tick
      // and built a pipeline for it.
      // Through Sentinel, it leaves the primary when a sentinel announces a failover (see tracked-liveness.ts).
      overrides: { autoResubscribe: false, enableAutoPipelining: false, failoverDetector: true },
    })
    this.heartbeats = new Heartbeats(() => {
      options.onHeartbeat?.()
      return this.events.ping()
    })
    this.events.on('messageBuffer', (channel: Buffer, message: Buffer | Buffer[] | null) => {
      if (channel.toString() === CHANNEL) this.invalidate(message)
    })
    for (const client of [this.events, options.data]) client.on('ready', () => this.requestRelink())
    this.events.on('close', () => {
      this.eventsId = undefined
      this.unlink()
    })
    options.data.on('close', () => this.unlink())
  }

  /** True while invalidations flow: both connections are up and tracking points at the subscriber. */
  get linked(): boolean {
    return this.isLinked
  }

  /** True when the cache is known to hold every invalidation Redis sent before `asOf - maxStalenessMs`. */
  freshWithin(maxStalenessMs: number, asOf: number): boolean {
    return this.isLinked && this.heartbeats.isFresh(maxStalenessMs, asOf)
  }

  /**
   * Waits for the heartbeat that makes `freshWithin` hold; false when the link cannot prove it (down, failing). A
   * link that goes down meanwhile resets the heartbeats, which answers false to everyone waiting.
   */
  untilFresh(maxStalenessMs: number, asOf: number): Promise<boolean> {
    return this.isLinked ? this.heartbeats.untilFresh(maxStalenessMs, asOf) : NOT_PROVEN
  }

  beginRead(key: string): TrackedRead {
    const generation = this.generation
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1)
    return {
      stillValid: () => this.isLinked && generation === this.generation && !this.overtaken.has(key),
      end: () => {
        const left = (this.inFlight.get(key) ?? 1) - 1
        if (left > 0) return void this.inFlight.set(key, left)
        this.inFlight.delete(key)
        this.overtaken.delete(key)
      },
    }
  }

  async close(): Promise<void> {
    this.unlink()
    await closeRedisClient(this.events)
  }

  private invalidate(message: Buffer | Buffer[] | null): void {
    if (message === null) {
      this.options.onInvalidate(undefined)
      for (const key of this.inFlight.keys()) this.overtaken.add(key)
      return
    }
    for (const raw of Array.isArray(message) ? message : [message]) {
      const key = raw.toString()
      if (!key.startsWith(this.options.prefix)) continue
      const suffix = key.slice(this.options.prefix.length)
      this.options.onInvalidate(suffix)
      if (this.inFlight.has(suffix)) this.overtaken.add(suffix)
    }
  }

  private reconnectBoth(): void {
    this.events.disconnect(true)
    this.options.data.disconnect(true)
  }

  private unlink(): void {
    this.isLinked = false
    this.generation += 1
    this.heartbeats.reset()
    this.options.onInvalidate(undefined)
  }

  // One relink at a time: two at once (both connections turning ready together) would each ask CLIENT ID, one of
  // them after the other's SUBSCRIBE, fail on it, and leave the link down until the next reconnect.
  private requestRelink(): void {
    if (this.relinking) return void (this.relinkAgain = true)
    this.relinking = this.relink().finally(() => {
      this.relinking = undefined
      const again = this.relinkAgain && !this.isLinked
      this.relinkAgain = false
      if (again) this.requestRelink()
    })
  }

  // Both connections must be up; tracking is (re)pointed at the subscriber's current client id.
  private async relink(): Promise<void> {
    if (this.events.status !== 'ready' || this.options.data.status !== 'ready') return
    const generation = ++this.generation
    try {
      if (this.eventsId === undefined) {
        const id = String(await this.events.client('ID'))
        const server = runId(await this.events.info('server'))
        await this.events.subscribe(CHANNEL)
        this.eventsServer = server
        this.eventsId = id
      }
      const id = this.eventsId
      // Client ids are per server: a REDIRECT to the subscriber's id on another server (two Sentinel connections that
      // found different primaries mid-failover) would send the pushes to a stranger. Both connections look again.
      if (runId(await this.options.data.info('server')) !== this.eventsServer) return this.reconnectBoth()
      await this.options.data.call('CLIENT', 'TRACKING', 'OFF')
      await this.options.data.call('CLIENT', 'TRACKING', 'ON', 'REDIRECT', id, 'BCAST', 'PREFIX', this.options.prefix)
      if (generation !== this.generation) return
      this.options.onInvalidate(undefined)
      this.isLinked = true
    } catch {
      // A connection dropped while linking; its next 'ready' links again.
    }
  }
}

function runId(info: string): string | undefined {
  return /^run_id:(\w+)/m.exec(info)?.[1]
}
