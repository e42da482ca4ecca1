import type { JWTPayload } from 'jose'
import type { AccessTokenClaims } from './claims.js'
import { BearerError } from './errors.js'

/** Who made the request, as a verified access token says. */
export interface Principal {
  /** The user id (`sub`). */
  readonly userId: string
  /** The session id (`sid`). */
  readonly sessionId: string
  readonly email: string
  readonly roles: readonly string[]
  /** The token id (`jti`). */
  readonly tokenId: string
  /** When the token expires, in seconds since the epoch (`exp`). */
  readonly expiresAt: number
}

// The contract's session ids are opaque URL-safe strings; anything else could name some other Redis key.
const SESSION_ID = /^[A-Za-z0-9_-]{1,128}$/

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

/**
 * Builds the principal from verified claims, checking the claims this contract adds to RFC 9068.
 * @throws BearerError('invalid_token') when a claim is missing or of the wrong type.
 */
export function principalFromClaims(claims: JWTPayload): Principal {
  const { sub, sid, email, roles, jti, exp, client_id } = claims as { [name in keyof AccessTokenClaims]?: unknown }
  // client_id is required by RFC 9068 (section 2.2), though nothing here reads it.
  if (
    typeof sub !== 'string' || typeof sid !== 'string' || !SESSION_ID.test(sid) || typeof email !== 'string' ||
    typeof jti !== 'string' || typeof exp !== 'number' || !isStringArray(roles) || typeof client_id !== 'string'
  ) {
    throw new BearerError('invalid_token', 'The access token lacks required claims.')
  }
  return { userId: sub, sessionId: sid, email, roles, tokenId: jti, expiresAt: exp }
}

/** True when the principal holds at least one of the roles. */
export function hasAnyRole(principal: Principal, roles: readonly string[]): boolean {
  return roles.some((role) => principal.roles.includes(role))
}
