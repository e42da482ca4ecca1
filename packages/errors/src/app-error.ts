import { errorCodes, type ErrorCode } from './codes.js'

export interface AppErrorOptions {
  /** The underlying error; kept for logs, never shown to clients. */
  cause?: unknown
}

/**
 * The base of every error the services answer with on purpose. `code` is stable and machine-readable;
 * `message` is for people and must not carry internals.
 */
export class AppError extends Error {
  readonly code: ErrorCode

  constructor(code: ErrorCode, message?: string, options: AppErrorOptions = {}) {
    super(message ?? errorCodes[code].message, { cause: options.cause })
    this.name = 'AppError'
    this.code = code
  }

  get statusCode(): number {
    return errorCodes[this.code].status
  }
}

/** A client asked for too much too often; `retryAfterSeconds` becomes the `Retry-After` header. */
export class TooManyAttemptsError extends AppError {
  readonly retryAfterSeconds: number

  constructor(retryAfterSeconds: number) {
    super('too_many_attempts')
    this.name = 'TooManyAttemptsError'
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds))
  }
}

/** Which store failed; logged, never shown. */
export type StoreName = 'redis' | 'mongodb' | 'jwks'

/** A store or upstream the request needs did not answer: the request is refused with 503, never let through. */
export class UnavailableError extends AppError {
  readonly store: StoreName

  constructor(store: StoreName, options: AppErrorOptions = {}) {
    super('unavailable', undefined, options)
    this.name = 'UnavailableError'
    this.store = store
  }
}
