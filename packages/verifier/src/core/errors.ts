import { bearerChallenge, type BearerErrorKind } from './challenge.js'
import { VERIFIER_ERROR_CODES } from './error-codes.js'

export interface ContractErrorOptions {
  /** The underlying error; kept for logs, never shown to clients. */
  cause?: unknown
}

/**
 * The base of every error answered on purpose in the contract's shape: a stable, machine-readable `code` and the
 * HTTP status that goes with it. `message` is for people and must not carry internals. The issuer's `AppError`
 * extends it too, so one HTTP mapping answers both.
 */
export class ContractError extends Error {
  readonly code: string
  readonly statusCode: number

  constructor(code: string, statusCode: number, message: string, options: ContractErrorOptions = {}) {
    super(message, { cause: options.cause })
    this.name = 'ContractError'
    this.code = code
    this.statusCode = statusCode
  }
}

/**
 * A refused bearer token: 401 `invalid_token` (`missing` too, with a bare challenge) or 403 `insufficient_scope`.
 * `challenge()` is its `WWW-Authenticate` value (RFC 6750 section 3).
 * @example if (error instanceof BearerError) reply.header('www-authenticate', error.challenge())
 */
export class BearerError extends ContractError {
  declare readonly code: 'invalid_token' | 'insufficient_scope'
  readonly kind: BearerErrorKind
  /** The roles that were needed, for `insufficient_scope`. */
  readonly scope: string | undefined

  constructor(kind: BearerErrorKind, message?: string, options: ContractErrorOptions & { scope?: string } = {}) {
    const code = kind === 'insufficient_scope' ? 'insufficient_scope' : 'invalid_token'
    const { status, message: fallback } = VERIFIER_ERROR_CODES[code]
    super(code, status, message ?? fallback, options)
    this.name = 'BearerError'
    this.kind = kind
    this.scope = options.scope
  }

  /** The `WWW-Authenticate` header value (RFC 6750 section 3). */
  challenge(realm?: string): string {
    return bearerChallenge({ kind: this.kind, scope: this.scope, realm })
  }
}

/** Which store failed; logged, never shown. */
export type StoreName = 'redis' | 'mongodb' | 'jwks'

/** A store or upstream the request needs did not answer: 503, the request refused, never let through. */
export class UnavailableError extends ContractError {
  declare readonly code: 'unavailable'
  readonly store: StoreName

  constructor(store: StoreName, options: ContractErrorOptions = {}) {
    const { status, message } = VERIFIER_ERROR_CODES.unavailable
    super('unavailable', status, message, options)
    this.name = 'UnavailableError'
    this.store = store
  }
}
