import { createTransport } from 'nodemailer'
import type { MailTransport } from './outbox-ports.js'

/**
 * Nodemailer over `smtpUrl`, sending from `from` (the operator's MAIL_FROM). The recipient goes in as an address
 * object, so nodemailer encodes it and never lets it add a header; the subject is a fixed template line.
 */
export function createSmtpTransport(smtpUrl: string, from: string): MailTransport {
  // Short timeouts: a hung server delays only the sender loop, and the lease outlasts them.
  const transport = createTransport(smtpUrl, { connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10_000 })
  return {
    send: async (mail) => {
      await transport.sendMail({ from, to: { name: '', address: mail.to }, subject: mail.subject, text: mail.text, html: mail.html })
    },
    close: () => transport.close(),
  }
}
