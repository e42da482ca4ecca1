/** The bcrypt input limit: bcrypt ignores bytes past 72, so longer passwords are refused rather than cut. */
export const PASSWORD_MAX_BYTES = 72
export const PASSWORD_MIN_BYTES = 8

// Deliberately plain: one @, no spaces, a dot in the domain. Deliverability is the mail server's business.
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/

/** True for an email address once surrounding spaces are trimmed (the contract trims before storing). */
export function isEmailAddress(value: string): boolean {
  const trimmed = value.trim()
  return trimmed.length <= 254 && EMAIL.test(trimmed)
}

/** True for a password bcrypt can hash without truncation: 8 to 72 UTF-8 bytes. */
export function isAcceptablePassword(value: string): boolean {
  const bytes = Buffer.byteLength(value, 'utf8')
  return bytes >= PASSWORD_MIN_BYTES && bytes <= PASSWORD_MAX_BYTES
}

/**
 * Custom string formats the schemas use; a service's validator compiler registers them.
 * `format: 'email-address'` and `format: 'password'` in a schema refer to these.
 */
export const contractFormats = {
  'email-address': isEmailAddress,
  password: isAcceptablePassword,
} as const satisfies Record<string, (value: string) => boolean>
