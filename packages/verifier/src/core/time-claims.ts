import type { JWTPayload } from 'jose'
import { BearerError } from './errors.js'

/** The longest an access token may live (`exp` past `iat`) unless the verifier is told otherwise: 24 h. */
export const DEFAULT_MAX_LIFETIME_SECONDS = 24 * 3600

export interface TimeClaimLimits {
  /** Now, in seconds since the epoch. */
  readonly now: number
  /** Allowed clock skew, in seconds. */
  readonly toleranceSeconds: number
  /** The most `exp` may lie past `iat`, in seconds. */
  readonly maxLifetimeSeconds: number
}

// Whole seconds a number holds exactly: refuses 1.5, 1e20 and Infinity (what JSON.parse makes of 1e309).
const isWholeSeconds = (value: unknown): value is number => Number.isSafeInteger(value)

/**
 * Checks what jose leaves open about `iat`, `nbf` and `exp` (issue 11): each is whole seconds (the issuer writes
 * them so; RFC 7519 allows fractions, this contract does not), `iat` is present (RFC 9068) and not in the future,
 * and `exp` lies at most `maxLifetimeSeconds` past `iat`. jose accepts `exp` 1e309, which parses to Infinity:
 * such a token would pass until the end of time and sit in the verified-token cache for good.
 * @throws BearerError('invalid_token') when one of them fails.
 */
export function checkTimeClaims(claims: JWTPayload, limits: TimeClaimLimits): void {
  const { iat, nbf, exp } = claims
  if (!isWholeSeconds(iat) || !isWholeSeconds(nbf) || !isWholeSeconds(exp)) {
    throw new BearerError('invalid_token', 'The access token has malformed time claims.')
  }
  if (iat > limits.now + limits.toleranceSeconds) {
    throw new BearerError('invalid_token', 'The access token is issued in the future.')
  }
  if (exp - iat > limits.maxLifetimeSeconds) {
    throw new BearerError('invalid_token', 'The access token lives longer than this service allows.')
  }
}
