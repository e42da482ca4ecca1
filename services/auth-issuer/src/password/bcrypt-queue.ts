import { TooManyAttemptsError } from '@authpair/errors'

/**
 * Shares this process's bcrypt work fairly between clients (issue 11). At most `concurrency` operations run at once
 * (about the cores given to the issuer: bcrypt is CPU, and libuv's other threads stay free for signing and I/O);
 * the rest wait in one queue per client, and a free place goes to the clients in turn. So one client with many
 * operations in flight (12 password changes with one token) delays another client's login by at most about one
 * operation, while a client alone still gets every core (50 parallel logins of one account all finish). An
 * operation that waits longer than `waitMs` is refused with 429 and never runs.
 *
 * In-process on purpose, with no Redis part: bcrypt spends this process's CPU, and what others feel is how it is
 * shared here; a count in Redis would add a round trip to every hash and leak places when a process crashes.
 * Many addresses at once (a botnet) are for the edge, not for a per-client share.
 */
export interface BcryptQueue {
  /**
   * Runs `work` when its client's turn comes. `client` names who asks (an IP with an account or a session).
   * @throws TooManyAttemptsError when the wait runs out.
   */
  run<T>(client: string, work: () => Promise<T>): Promise<T>
}

export interface BcryptQueueOptions {
  concurrency: number
  waitMs: number
}

export function createBcryptQueue({ concurrency, waitMs }: BcryptQueueOptions): BcryptQueue {
  let running = 0
  // Clients with work waiting, in turn order: a Map keeps insertion order, and a client served goes to the back.
  const waiting = new Map<string, (() => void)[]>()

  const startNext = () => {
    while (running < concurrency) {
      const turn = waiting.entries().next()
      if (turn.done) return
      const [client, queue] = turn.value
      waiting.delete(client)
      const start = queue.shift()!
      if (queue.length > 0) waiting.set(client, queue)
      running += 1
      start()
    }
  }

  const place = (client: string) =>
    new Promise<void>((resolve, reject) => {
      const start = () => {
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(() => {
        const queue = waiting.get(client) ?? []
        queue.splice(queue.indexOf(start), 1)
        if (queue.length === 0) waiting.delete(client)
        reject(new TooManyAttemptsError(1))
      }, waitMs)
      const queue = waiting.get(client)
      if (queue) queue.push(start)
      else waiting.set(client, [start])
    })

  return {
    async run(client, work) {
      if (running < concurrency && waiting.size === 0) running += 1
      else await place(client)
      try {
        return await work()
      } finally {
        running -= 1
        startNext()
      }
    },
  }
}
