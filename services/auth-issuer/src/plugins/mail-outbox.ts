import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Gauge } from 'prom-client'
import type { MailFlowContext } from '../domain/mail-flows.js'
import type { OutgoingMail } from '../mail/outbox-ports.js'
import { createOutboxSender } from '../mail/outbox-sender.js'
import { createSmtpTransport } from '../mail/smtp-transport.js'
import { createMongoEmailTokenStore, ensureEmailTokenIndexes } from '../stores/mongo-email-tokens.js'
import { createMongoMailOutbox, ensureOutboxIndexes } from '../stores/mongo-mail-outbox.js'
import { createRedisMailLimit } from '../stores/redis-mail-limit.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Writes mail to the outbox (MongoDB) and wakes the sender; resolves once the mail is stored. */
    sendMail(mail: OutgoingMail): Promise<void>
    /** The email flows' context for a request of this client (its bcrypt work queued like `issuerFor`). */
    mailFlowsFor(client: string): MailFlowContext
    /** Runs work after the answer (forgot-password); close waits for it; a failure is logged, never its data. */
    inBackground(task: () => Promise<void>): void
  }
}

/**
 * The outbox and its sender (issue 14). Mail is stored before the request is answered; the sender delivers it in
 * the background, so SMTP is never on the request path (and not in /readyz). Starts once the app is ready, stops
 * on close after the mail it is sending settles. Logs name the outbox id and recipient domain, never a body or link.
 */
export const mailOutbox = fp(
  async (app: FastifyInstance) => {
    const { config } = app
    await ensureOutboxIndexes(app.stores.db)
    const outbox = createMongoMailOutbox(app.stores.db)
    const outcomes = app.metrics.counter('mail_outbox_sends_total', 'Mail send attempts by outcome (sent, retry, failed)', ['outcome'])
    new Gauge({
      name: 'mail_outbox_backlog',
      help: 'Mail in the outbox not yet delivered or given up',
      registers: [app.metrics.registry],
      async collect() {
        this.set(await outbox.backlog().catch(() => -1))
      },
    })
    const sender = createOutboxSender({
      outbox,
      transport: createSmtpTransport(config.SMTP_URL, config.MAIL_FROM),
      retryBaseMs: config.MAIL_RETRY_BASE_MS,
      retryMaxMs: config.MAIL_RETRY_MAX_MS,
      maxAttempts: config.MAIL_MAX_ATTEMPTS,
      pollIntervalMs: config.MAIL_POLL_INTERVAL_MS,
      leaseMs: config.MAIL_LEASE_MS,
      now: app.issuer.now,
      onOutcome: (outcome, mail, error) => {
        outcomes.inc({ outcome })
        const fields = { outbox_id: mail.id, attempts: mail.attempts, ...(error !== undefined && { reason: smtpReason(error) }) }
        if (outcome === 'sent') app.log.info(fields, 'mail sent')
        else app.log.warn(fields, outcome === 'retry' ? 'mail not sent; retrying later' : 'mail not sent; given up')
      },
      onError: (error) => app.log.warn({ reason: smtpReason(error) }, 'mail outbox could not be read; retrying'),
    })
    app.decorate('sendMail', async (mail: OutgoingMail) => {
      await outbox.enqueue(mail, new Date(app.issuer.now()))
      sender.wake()
    })
    await ensureEmailTokenIndexes(app.stores.db)
    const tokens = createMongoEmailTokenStore(app.stores.db)
    const hitMailLimit = createRedisMailLimit(app.stores.redis, config.REDIS_KEY_PREFIX, config.MAIL_RATE_LIMIT, 3600)
    const mail = { appUrl: config.PUBLIC_APP_URL.replace(/\/+$/, ''), verifyTtlSeconds: config.EMAIL_VERIFY_TTL, resetTtlSeconds: config.PASSWORD_RESET_TTL }
    app.decorate('mailFlowsFor', (client: string) => ({ ...app.issuerFor(client), tokens, sendMail: (outgoing: OutgoingMail) => app.sendMail(outgoing), hitMailLimit, mail }))
    const pending = new Set<Promise<void>>()
    app.decorate('inBackground', (task: () => Promise<void>) => {
      const run = task()
        .catch((error: unknown) => app.log.warn({ reason: error instanceof Error ? error.name : 'unknown' }, 'background mail work failed'))
        .finally(() => pending.delete(run))
      pending.add(run)
    })
    app.addHook('onReady', async () => sender.start())
    app.addHook('onClose', async () => {
      await Promise.allSettled([...pending])
      await sender.stop()
    })
  },
  { name: 'mail-outbox', fastify: '5.x', dependencies: ['issuer-context', 'rate-limits'] },
)

// An SMTP reply code or a socket error code: enough to act on, and never the message text (it may echo the mail).
function smtpReason(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'unknown'
  const { responseCode, code } = error as { responseCode?: unknown; code?: unknown }
  return typeof responseCode === 'number' ? `smtp ${responseCode}` : typeof code === 'string' ? code : 'unknown'
}
