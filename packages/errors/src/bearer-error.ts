import { AppError, type AppErrorOptions } from './app-error.js'

/**
 * Why a bearer token was refused, in RFC 6750 terms (section 3.1): `missing` is a request without
 * any token, which gets a bare `WWW-Authenticate: Bearer` challenge and no error code.
 */
export type BearerErrorKind = 'missing' | 'invalid_token' | 'insufficient_scope'

/** A refused bearer token. The HTTP mapping turns it into a 401 or 403 with a `WWW-Authenticate` header. */
export class BearerError extends AppError {
  readonly kind: BearerErrorKind
  /** The role that was needed, for `insufficient_scope`. */
  readonly scope: string | undefined

  constructor(kind: BearerErrorKind, message?: string, options: AppErrorOptions & { scope?: string } = {}) {
    super(kind === 'insufficient_scope' ? 'insufficient_scope' : 'invalid_token', message, options)
    this.name = 'BearerError'
    this.kind = kind
    this.scope = options.scope
  }

  /** The `WWW-Authenticate` header value (RFC 6750 section 3). */
  challenge(realm?: string): string {
    const params: string[] = []
    if (realm) params.push(`realm="${realm}"`)
    if (this.kind !== 'missing') params.push(`error="${this.kind}"`)
    if (this.scope) params.push(`scope="${this.scope}"`)
    return params.length === 0 ? 'Bearer' : `Bearer ${params.join(', ')}`
  }
}
