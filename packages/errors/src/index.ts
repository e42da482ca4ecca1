export { errorCodes, statusOf, type ErrorCode } from './codes.js'
export { AppError, TooManyAttemptsError, type AppErrorOptions } from './app-error.js'
// Defined by the verifier (the contract's reader); here so services import every error from one place.
export {
  BearerError,
  ContractError,
  UnavailableError,
  type BearerErrorKind,
  type StoreName,
} from '@authpair/verifier'
export { StartupError } from './startup-error.js'
