import { TooManyAttemptsError } from '@authpair/errors'

/**
 * Bounds the bcrypt work one client can have running in this process (issue 11): each operation names its clients
 * (an IP, an account, a session) and runs only while every one of them has fewer than `maxPerClient` running;
 * otherwise it waits, in arrival order, up to `waitMs`, then is refused with 429 (waiting first: a right password
 * sent twice at once is not an attack). On two shared cores, one slot per client kept another user's login at 1.09
 * times its time alone under 12 parallel password changes with one token, two slots at 3.4 times, none at 10 times
 * (scripts/bench/bcrypt-fairness.ts), hence BCRYPT_MAX_PER_CLIENT=1 by default; raise it with the cores.
 *
 * In-process on purpose, with no Redis part: bcrypt spends this process's CPU, and what others feel is how much of
 * it one client holds here. A client spread over N instances holds at most maxPerClient on each, which is the same
 * bound for the clients of each instance; a count in Redis would add a round trip to every hash and slots leaked
 * by a crashed process. Many addresses at once (a botnet) are for the edge, not for a per-client bound.
 */
export interface ClientSlots {
  /** Runs `work` once every client has a free slot. @throws TooManyAttemptsError when the wait runs out. */
  run<T>(clients: readonly string[], work: () => Promise<T>): Promise<T>
}

export interface ClientSlotsOptions {
  maxPerClient: number
  waitMs: number
}

interface Waiter {
  clients: readonly string[]
  start: () => void
}

export function createClientSlots({ maxPerClient, waitMs }: ClientSlotsOptions): ClientSlots {
  const running = new Map<string, number>()
  const waiting: Waiter[] = []
  const free = (clients: readonly string[]) => clients.every((client) => (running.get(client) ?? 0) < maxPerClient)
  const take = (clients: readonly string[]) => {
    for (const client of clients) running.set(client, (running.get(client) ?? 0) + 1)
  }
  const give = (clients: readonly string[]) => {
    for (const client of clients) {
      const left = (running.get(client) ?? 1) - 1
      if (left === 0) running.delete(client)
      else running.set(client, left)
    }
    // First come, first served among those whose clients all have room now.
    for (let index = 0; index < waiting.length; ) {
      const waiter = waiting[index]!
      if (!free(waiter.clients)) index++
      else {
        waiting.splice(index, 1)
        take(waiter.clients)
        waiter.start()
      }
    }
  }
  const slot = (clients: readonly string[]) =>
    new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { clients, start: () => { clearTimeout(timer); resolve() } }
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(waiter), 1)
        reject(new TooManyAttemptsError(1))
      }, waitMs)
      waiting.push(waiter)
    })

  return {
    run: async (clients, work) => {
      // A waiter queued earlier for one of these clients goes first, so one client's work runs in order.
      const queued = waiting.some((waiter) => waiter.clients.some((client) => clients.includes(client)))
      if (!queued && free(clients)) take(clients)
      else await slot(clients)
      try {
        return await work()
      } finally {
        give(clients)
      }
    },
  }
}
