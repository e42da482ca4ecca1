/**
 * The life of a signing key (contract v2, "signing keys and rotation"): `next` is published and does not sign yet,
 * `current` signs, `previous` is published until its last token expired, `retired` and `revoked` are out of the
 * JWKS and keep no private material.
 */
export const KEY_STATES = ['next', 'current', 'previous', 'retired', 'revoked'] as const
export type KeyState = (typeof KEY_STATES)[number]

/** The states whose keys the JWKS publishes. */
export const PUBLISHED_STATES: readonly KeyState[] = ['next', 'current', 'previous']

/** A key's record without its private material: what the admin routes and the logs may show. */
export interface KeyRecord {
  kid: string
  /** One per rotation: a unique index on it lets exactly one `next` key be inserted per rotation. */
  generation: number
  state: KeyState
  created_at: Date
  /** When it starts (or started) signing. */
  activates_at?: Date
  /** When it stopped signing. */
  deactivated_at?: Date
  /** When a `previous` key leaves the JWKS. */
  retires_at?: Date
  revoked_at?: Date
}

/** One structured log line per transition (issue 13): the key, its old and new state, and why. */
export interface KeyTransition {
  kid: string
  from: KeyState | 'none' | 'v1'
  to: KeyState
  why: string
}
