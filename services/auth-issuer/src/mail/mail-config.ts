import { Type } from '@sinclair/typebox'
import { Duration, UrlString } from '@authpair/config'

/** The issuer's mail settings (issue 14; ../shared/API.md, "v2: email"). */
export const mailEnv = {
  /** The SMTP server mail goes out through (`pnpm start` runs Mailpit on 1025). */
  SMTP_URL: UrlString(['smtp', 'smtps'], { default: 'smtp://127.0.0.1:1025', description: 'an smtp:// or smtps:// URL' }),
  /** The From header of every mail: fixed by the operator, never built from a request. */
  MAIL_FROM: Type.String({ default: 'authpair <no-reply@localhost>', pattern: '^[^\\r\\n]+@[^\\r\\n]+$', description: 'an address on one line' }),
  /** The web app that shows the pages the links open; the token goes after `#`. */
  PUBLIC_APP_URL: UrlString(['http', 'https'], { default: 'http://127.0.0.1:3000', description: 'an http(s) URL' }),
  /** Lifetime of an email verification (and email change) link. */
  EMAIL_VERIFY_TTL: Duration({ default: '24h' }),
  /** Lifetime of a password reset link. */
  PASSWORD_RESET_TTL: Duration({ default: '30m' }),
  /** `true`: an account logs in only once its email is verified. */
  REQUIRE_VERIFIED_EMAIL: Type.Boolean({ default: false, description: 'true or false' }),
  /** First retry delay of a mail that could not be sent, in ms; doubled on each failure up to MAIL_RETRY_MAX_MS. */
  MAIL_RETRY_BASE_MS: Type.Integer({ minimum: 1, default: 2000, description: 'a positive integer (ms)' }),
  MAIL_RETRY_MAX_MS: Type.Integer({ minimum: 1, default: 300_000, description: 'a positive integer (ms)' }),
  /** Sends a mail gets before it is given up (and counted as failed for good). */
  MAIL_MAX_ATTEMPTS: Type.Integer({ minimum: 1, default: 20, description: 'a positive integer' }),
  /** How often the sender looks for mail that is due, in ms (new mail also wakes it at once). */
  MAIL_POLL_INTERVAL_MS: Type.Integer({ minimum: 10, default: 1000, description: 'an integer of at least 10 (ms)' }),
  /** How long a claimed mail is reserved for the issuer sending it; past it another issuer retries it (ms). */
  MAIL_LEASE_MS: Type.Integer({ minimum: 100, default: 60_000, description: 'an integer of at least 100 (ms)' }),
  /** Mail-sending requests (verification, reset, email change) per client IP and per email address per hour. */
  MAIL_RATE_LIMIT: Type.Integer({ minimum: 1, default: 10, description: 'a positive integer (per hour)' }),
}
