/** One mail, rendered: the recipient is a validated address, the subject a fixed template line. */
export interface OutgoingMail {
  to: string
  subject: string
  text: string
  html: string
}

/** A mail claimed for sending, with what marks it as this sender's claim. */
export interface ClaimedMail extends OutgoingMail {
  id: string
  claimId: string
  /** Sends tried so far, this one included. */
  attempts: number
}

/**
 * The outbox (issue 14): mail is written here before a request is answered, and a sender delivers it.
 * `claim` is one atomic operation: a mail is claimed by one sender at a time, for `leaseMs`; a claim not settled
 * by then (its sender crashed) is due again. `sent`, `retry` and `fail` act only on the claim they are given.
 */
export interface MailOutbox {
  enqueue(mail: OutgoingMail, now: Date): Promise<void>
  /** The oldest due mail, claimed; undefined when none is due. */
  claim(now: Date, leaseMs: number): Promise<ClaimedMail | undefined>
  /** Delivered: the mail (with any token link in it) is deleted. */
  sent(mail: ClaimedMail): Promise<void>
  /** Due again at `at`. */
  retry(mail: ClaimedMail, at: Date): Promise<void>
  /** Given up: kept without its body, for the operator. */
  fail(mail: ClaimedMail, now: Date): Promise<void>
  /** Mail not yet delivered or given up. */
  backlog(): Promise<number>
}

/** Delivers one mail; rejects when the SMTP server is down or refuses it. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<void>
  close(): void
}
