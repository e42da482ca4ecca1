import type { ClaimedMail, MailOutbox, MailTransport } from './outbox-ports.js'

export interface OutboxSenderOptions {
  outbox: MailOutbox
  transport: MailTransport
  retryBaseMs: number
  retryMaxMs: number
  maxAttempts: number
  pollIntervalMs: number
  leaseMs: number
  now: () => number
  /** Told of each send: delivered, retried later, or given up; never with the mail's body or link. */
  onOutcome: (outcome: 'sent' | 'retry' | 'failed', mail: ClaimedMail, error?: unknown) => void
  /** Told when the outbox itself cannot be read (MongoDB down): the loop keeps polling. */
  onError: (error: unknown) => void
}

export interface OutboxSender {
  start(): void
  /** Wakes the loop at once (new mail). */
  wake(): void
  /** Stops polling and waits for the mail being sent to settle. */
  stop(): Promise<void>
}

/** The delay before attempt `attempts + 1`: the base doubled per failure, at most the maximum. */
export function retryDelay(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1))
}

/**
 * Delivers the outbox: claims due mail one at a time and sends it, until none is due, then sleeps for the poll
 * interval or until woken. A mail that fails is due again after a backoff, so it never holds up the others.
 */
export function createOutboxSender(options: OutboxSenderOptions): OutboxSender {
  const { outbox, transport, now } = options
  let running = false
  let timer: NodeJS.Timeout | undefined
  let pass: Promise<void> | undefined
  let again = false

  const deliver = async (mail: ClaimedMail): Promise<void> => {
    try {
      await transport.send(mail)
    } catch (error) {
      if (mail.attempts >= options.maxAttempts) {
        await outbox.fail(mail, new Date(now()))
        options.onOutcome('failed', mail, error)
      } else {
        await outbox.retry(mail, new Date(now() + retryDelay(mail.attempts, options.retryBaseMs, options.retryMaxMs)))
        options.onOutcome('retry', mail, error)
      }
      return
    }
    await outbox.sent(mail)
    options.onOutcome('sent', mail)
  }

  const drain = async (): Promise<void> => {
    do {
      again = false
      for (;;) {
        if (!running) return
        const mail = await outbox.claim(new Date(now()), options.leaseMs)
        if (!mail) break
        await deliver(mail)
      }
    } while (again && running)
  }

  const schedule = (delayMs: number): void => {
    clearTimeout(timer)
    if (running) timer = setTimeout(run, delayMs)
  }

  function run(): void {
    if (pass) {
      again = true
      return
    }
    pass = drain()
      .catch(options.onError)
      .finally(() => {
        pass = undefined
        schedule(options.pollIntervalMs)
      })
  }

  return {
    start: () => {
      running = true
      run()
    },
    wake: () => {
      if (running) run()
    },
    stop: async () => {
      running = false
      clearTimeout(timer)
      await pass
      transport.close()
    },
  }
}
