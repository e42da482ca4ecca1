/** The bcrypt input limit: bcrypt ignores bytes past 72, so longer passwords are refused rather than cut. */
export const PASSWORD_MAX_BYTES = 72
export const PASSWORD_MIN_BYTES = 8

// Deliberately plain: one @, no spaces, a dot in the domain. Deliverability is the mail server's business.
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/
// Control (Cc) and format (Cf: zero-width, bidi overrides) characters, and lone surrogates (Cs): invisible or
// reordering, they make a second account that reads like the first (issue 11).
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}]/u

/**
 * The form an email is stored and looked up in: trimmed, NFKC-normalized, then lowercased. NFKC folds
 * compatibility look-alikes (fullwidth `ａｄａ`, ligatures, superscripts) into their plain letters, so that they
 * name the same account as the plain address instead of a second one that reads the same (issue 11).
 */
export function normalizeEmailAddress(value: string): string {
  return value.trim().normalize('NFKC').toLowerCase()
}

/**
 * True for an email address as it will be stored (normalizeEmailAddress): no control or format characters and no
 * lone surrogates anywhere, and the plain shape once normalized (so NFKC cannot turn a fullwidth `＠` into a
 * second `@`).
 */
export function isEmailAddress(value: string): boolean {
  if (INVISIBLE.test(value)) return false
  const normalized = normalizeEmailAddress(value)
  return normalized.length <= 254 && EMAIL.test(normalized)
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
