/**
 * The codes a verifier answers with, their HTTP status, and the message people see by default. The issuer's table
 * of every code (@authpair/errors) takes these from here, so a code means the same status on both sides.
 */
export const VERIFIER_ERROR_CODES = {
  invalid_token: { status: 401, message: 'The access token is missing or not valid.' },
  insufficient_scope: { status: 403, message: 'The token lacks the role this route needs.' },
  unavailable: { status: 503, message: 'A service this request needs is unavailable; try again shortly.' },
} as const satisfies Record<string, { status: number; message: string }>

export type VerifierErrorCode = keyof typeof VERIFIER_ERROR_CODES
