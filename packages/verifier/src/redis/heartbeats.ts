import { performance } from 'node:perf_hooks'

/** The least time between heartbeats nobody waits for; they are sent only while lookups happen, one at a time. */
const IDLE_HEARTBEAT_MS = 2

/** One heartbeat's answer, shared by every lookup that waits for it: true once it came back on a link still up. */
interface Beat {
  readonly answered: Promise<boolean>
  settle(fresh: boolean): void
}

function newBeat(): Beat {
  let settle!: (fresh: boolean) => void
  const answered = new Promise<boolean>((resolve) => (settle = resolve))
  return { answered, settle }
}

const PROVEN = Promise.resolve(true)

/**
 * The proof that a cache fed by one connection is fresh: heartbeats (PING) sent on that connection. Redis answers
 * in order, so once the answer to a heartbeat sent at S has arrived, everything Redis sent on that connection
 * before it received the heartbeat has arrived too. Times are `performance.now()` readings.
 *
 * One heartbeat is in flight at a time. A lookup that the one in flight cannot serve (it left before the lookup
 * began) waits for the next, which leaves once the I/O of this turn of the event loop has run: every lookup of the
 * turn shares it, and its one promise.
 */
export class Heartbeats {
  private confirmedSentAt = Number.NEGATIVE_INFINITY
  private lastSentAt = Number.NEGATIVE_INFINITY
  private generation = 0
  private inFlight: { beat: Beat; sentAt: number } | undefined
  /** The heartbeat to be sent next, once someone waits for it. */
  private upcoming: Beat | undefined
  private scheduled = false

  constructor(private readonly ping: () => Promise<unknown>) {}

  /** True when a heartbeat sent no more than `maxStalenessMs` before `asOf` has been answered. Sends one if due. */
  isFresh(maxStalenessMs: number, asOf: number): boolean {
    if (performance.now() - this.lastSentAt >= IDLE_HEARTBEAT_MS) this.schedule()
    return asOf - this.confirmedSentAt <= maxStalenessMs
  }

  /**
   * Resolves true once a heartbeat makes `isFresh(maxStalenessMs, asOf)` hold, false when that heartbeat fails or
   * `reset` is called first.
   */
  untilFresh(maxStalenessMs: number, asOf: number): Promise<boolean> {
    // Not isFresh: callers asked it a moment ago, and a wait schedules its own heartbeat below.
    if (asOf - this.confirmedSentAt <= maxStalenessMs) return PROVEN
    const inFlight = this.inFlight
    if (inFlight !== undefined && asOf - inFlight.sentAt <= maxStalenessMs) return inFlight.beat.answered
    this.upcoming ??= newBeat()
    this.schedule()
    return this.upcoming.answered
  }

  /** The connection went away: nothing proven so far holds, and every waiter learns it cannot be proven. */
  reset(): void {
    this.generation += 1
    this.confirmedSentAt = Number.NEGATIVE_INFINITY
    this.inFlight?.beat.settle(false)
    this.upcoming?.settle(false)
    this.upcoming = undefined
  }

  private schedule(): void {
    if (this.scheduled || this.inFlight !== undefined) return
    this.scheduled = true
    setImmediate(() => this.sendNow())
  }

  private sendNow(): void {
    this.scheduled = false
    const sentAt = performance.now()
    const beat = this.upcoming ?? newBeat()
    this.upcoming = undefined
    this.inFlight = { beat, sentAt }
    this.lastSentAt = sentAt
    const generation = this.generation
    this.ping().then(
      () => this.answered(generation, true),
      () => this.answered(generation, false),
    )
  }

  private answered(generation: number, ok: boolean): void {
    const { beat, sentAt } = this.inFlight!
    this.inFlight = undefined
    const current = generation === this.generation
    if (ok && current) this.confirmedSentAt = Math.max(this.confirmedSentAt, sentAt)
    beat.settle(ok && current)
    if (!ok && current) {
      // The connection is failing: those waiting for the next heartbeat ask Redis rather than wait for it too.
      this.upcoming?.settle(false)
      this.upcoming = undefined
    }
    if (this.upcoming !== undefined) this.schedule()
  }
}
