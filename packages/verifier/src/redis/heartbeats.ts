import { performance } from 'node:perf_hooks'

/** The least time between heartbeats nobody waits for; they are sent only while lookups happen, one at a time. */
const IDLE_HEARTBEAT_MS = 2

interface Waiter {
  asOf: number
  maxStalenessMs: number
  settle: (fresh: boolean) => void
}

/**
 * The proof that a cache fed by one connection is fresh: heartbeats (PING) sent on that connection. Redis answers
 * in order, so once the answer to a heartbeat sent at S has arrived, everything Redis sent on that connection
 * before it received the heartbeat has arrived too. Times are `performance.now()` readings.
 */
export class Heartbeats {
  private confirmedSentAt = Number.NEGATIVE_INFINITY
  private inFlight = false
  private lastSentAt = Number.NEGATIVE_INFINITY
  private generation = 0
  private waiters: Waiter[] = []

  constructor(private readonly ping: () => Promise<unknown>) {}

  /** True when a heartbeat sent no more than `maxStalenessMs` before `asOf` has been answered. Sends one if due. */
  isFresh(maxStalenessMs: number, asOf: number): boolean {
    this.send(false)
    return asOf - this.confirmedSentAt <= maxStalenessMs
  }

  /**
   * Resolves true once a heartbeat makes `isFresh(maxStalenessMs, asOf)` hold (one heartbeat serves every waiter),
   * false when a heartbeat fails or `reset` is called first.
   */
  untilFresh(maxStalenessMs: number, asOf: number): Promise<boolean> {
    if (this.isFresh(maxStalenessMs, asOf)) return Promise.resolve(true)
    return new Promise((settle) => {
      this.waiters.push({ asOf, maxStalenessMs, settle })
      this.send(true)
    })
  }

  /** The connection went away: nothing proven so far holds, and every waiter learns it cannot be proven. */
  reset(): void {
    this.generation += 1
    this.confirmedSentAt = Number.NEGATIVE_INFINITY
    this.settleAll(false)
  }

  private send(waited: boolean): void {
    if (this.inFlight || (!waited && performance.now() - this.lastSentAt < IDLE_HEARTBEAT_MS)) return
    // Sent once the I/O of this turn of the event loop has run: every lookup that began in it waits for the same
    // heartbeat. Sent at once, each heartbeat served the lookups before it and the rest of the turn waited for
    // the next: under load about one heartbeat, and its write, for every three answers.
    this.inFlight = true
    setImmediate(() => this.sendNow())
  }

  private sendNow(): void {
    const now = performance.now()
    this.lastSentAt = now
    const generation = this.generation
    this.ping().then(
      () => {
        this.inFlight = false
        if (generation !== this.generation) return
        this.confirmedSentAt = Math.max(this.confirmedSentAt, now)
        this.settleFresh()
      },
      () => {
        this.inFlight = false
        if (generation === this.generation) this.settleAll(false)
      },
    )
  }

  private settleFresh(): void {
    const waiting = this.waiters
    this.waiters = []
    for (const waiter of waiting) {
      if (waiter.asOf - this.confirmedSentAt <= waiter.maxStalenessMs) waiter.settle(true)
      else this.waiters.push(waiter)
    }
    // Those that came after this heartbeat left need the next one.
    if (this.waiters.length > 0) this.send(true)
  }

  private settleAll(fresh: boolean): void {
    const waiting = this.waiters
    this.waiters = []
    for (const waiter of waiting) waiter.settle(fresh)
  }
}
