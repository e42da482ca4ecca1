export { errorCodes, statusOf, type ErrorCode } from './codes.js'
export { AppError, TooManyAttemptsError, UnavailableError, type AppErrorOptions, type StoreName } from './app-error.js'
export { BearerError, type BearerErrorKind } from './bearer-error.js'
export { StartupError } from './startup-error.js'
