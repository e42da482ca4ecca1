import { VERIFIER_ERROR_CODES } from '@authpair/verifier'

/**
 * Every error code the services answer with, its HTTP status, and the message people see by default.
 * One table, so a code always means the same status everywhere (see ../shared/API.md); the codes a verifier answers
 * with come from the verifier, so its statuses and ours cannot disagree.
 */
export const errorCodes = {
  ...VERIFIER_ERROR_CODES,
  validation_failed: { status: 400, message: 'The request is not valid.' },
  invalid_json: { status: 400, message: 'The request body is not valid JSON.' },
  invalid_email_token: { status: 400, message: 'The link is unknown, expired or already used.' },
  invalid_reset_token: { status: 400, message: 'The reset link is unknown, expired or already used.' },
  invalid_credentials: { status: 401, message: 'The email or password is wrong.' },
  invalid_refresh_token: { status: 401, message: 'The refresh token is unknown, expired or already used.' },
  account_disabled: { status: 403, message: 'This account is disabled.' },
  email_not_verified: { status: 403, message: 'Verify your email address first.' },
  forbidden: { status: 403, message: 'You may not do this.' },
  not_found: { status: 404, message: 'Not found.' },
  invalid_url: { status: 400, message: 'The request URL is not valid.' },
  method_not_allowed: { status: 405, message: 'This method is not allowed here.' },
  request_timeout: { status: 408, message: 'The request took too long to arrive.' },
  email_taken: { status: 409, message: 'An account with this email already exists.' },
  key_in_use: { status: 409, message: 'This is the only signing key of the configured set.' },
  already_verified: { status: 409, message: 'This email address is already verified.' },
  payload_too_large: { status: 413, message: 'The request body is too large.' },
  uri_too_long: { status: 414, message: 'The request URL is too long.' },
  unsupported_media_type: { status: 415, message: 'The request body must be application/json.' },
  headers_too_large: { status: 431, message: 'The request headers are too large.' },
  too_many_attempts: { status: 429, message: 'Too many attempts; try again later.' },
  internal_error: { status: 500, message: 'Something went wrong on our side.' },
} as const satisfies Record<string, { status: number; message: string }>

export type ErrorCode = keyof typeof errorCodes

/** The HTTP status that goes with a code. */
export function statusOf(code: ErrorCode): number {
  return errorCodes[code].status
}
