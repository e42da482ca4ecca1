import { ContractError, type ContractErrorOptions } from '@authpair/verifier'
import { errorCodes, type ErrorCode } from './codes.js'

export type AppErrorOptions = ContractErrorOptions

/**
 * The base of every error the services answer with on purpose. `code` is stable and machine-readable;
 * `message` is for people and must not carry internals. It is a `ContractError`, like the verifier's errors, so
 * the one HTTP mapping answers both.
 */
export class AppError extends ContractError {
  declare readonly code: ErrorCode

  constructor(code: ErrorCode, message?: string, options: AppErrorOptions = {}) {
    super(code, errorCodes[code].status, message ?? errorCodes[code].message, options)
    this.name = 'AppError'
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
