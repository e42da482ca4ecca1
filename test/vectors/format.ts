// The shape of the shared test vectors (docs/VERIFYING.md, "Shared test vectors"): written by
// scripts/vectors/generate.ts, read by every verifier's tests (packages/verifier/test/vectors.test.ts, and the Go
// module's of issue 16). A change here is a change of the protocol's test suite: bump `format_version`.

/** What a verifier must answer for a case: a principal, 401 `invalid_token`, or 503 `unavailable`. */
export type VectorOutcome = 'ok' | 'invalid_token' | 'unavailable'

/** The identity an accepted token yields, as its claims say. */
export interface VectorPrincipal {
  sub: string
  sid: string
  email: string
  roles: string[]
  jti: string
  exp: number
}

/**
 * The Redis state a case needs (format 2, key layout 2): string keys to write under the run's prefix (`SET
 * <prefix><key> <value>`), e.g. the liveness marker `live:{<uid>}:<sid>` whose value is the user id.
 */
export interface VectorRedis {
  strings: Record<string, string>
}

export interface VectorCase {
  /** Unique, stable: verifiers report failures by it. */
  name: string
  /** Which rule the case exercises, for people. */
  why: string
  /** The access token exactly as a request would carry it (after extraction). */
  token: string
  /** The time to verify at, in whole seconds since the epoch. */
  now: number
  /** Load this into Redis, under the run's key prefix, before verifying. */
  redis: VectorRedis
  /** Redis cannot be reached at all (connect to a closed port). */
  redis_down?: true
  outcome: VectorOutcome
  /** Only when `outcome` is `ok`. */
  principal?: VectorPrincipal
}

/** Where the token comes from: `token` found (to verify), `missing` (401, bare challenge), `malformed` (401 invalid_token). */
export type ExtractionOutcome = 'token' | 'missing' | 'malformed'

export interface ExtractionCase {
  name: string
  /** The `Authorization` header's value, if any. */
  authorization?: string
  /** The `access_token` cookie's value, if any. */
  cookie?: string
  outcome: ExtractionOutcome
  /** The token found, when `outcome` is `token`. */
  token?: string
}

/** A public RSA key of the JWKS (RFC 7517). */
export interface VectorJwk {
  kty: 'RSA'
  kid: string
  use: 'sig'
  alg: 'RS256'
  n: string
  e: string
}

export interface VectorFile {
  $comment: string
  format_version: 2
  /** The verification protocol's version (docs/VERIFYING.md). */
  protocol_version: 1
  /** The HTTP contract the protocol belongs to. */
  contract: 'v2'
  issuer: string
  audience: string
  /** The prefix the cases are written for; runners substitute a unique one of their own per case or run. */
  key_prefix: string
  clock_tolerance_seconds: number
  max_lifetime_seconds: number
  max_token_length: number
  /** The issuer's public keys, as `GET /.well-known/jwks.json` serves them. */
  jwks: { keys: VectorJwk[] }
  cases: VectorCase[]
  extraction: ExtractionCase[]
}
