import { TooManyAttemptsError, errorCodes, type ErrorCode } from '@authpair/errors'
import { ContractError, errorAnswer, errorBody, type ErrorAnswer } from '@authpair/verifier'

/** An answer in the contract's one error shape (the verifier's definition, used by every service). */
export type ErrorResponse = ErrorAnswer

interface FastifyLikeError {
  code?: string
  statusCode?: number
  validation?: unknown
  message: string
}

// Fastify's own errors for a request that could not be read, mapped to the contract's codes.
const FRAMEWORK_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_BAD_URL: 'invalid_url',
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
}

const BY_STATUS: Readonly<Record<number, ErrorCode>> = {
  400: 'validation_failed',
  401: 'invalid_token',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  408: 'request_timeout',
  413: 'payload_too_large',
  414: 'uri_too_long',
  415: 'unsupported_media_type',
  429: 'too_many_attempts',
  431: 'headers_too_large',
}

function respond(code: ErrorCode, message: string): ErrorResponse {
  const statusCode = errorCodes[code].status
  return { statusCode, headers: {}, body: errorBody(statusCode, code, message) }
}

// Our own errors (AppError) and the verifier's (BearerError, UnavailableError) are all ContractErrors: the
// verifier builds the body and the challenge, this adds what only the issuer's errors carry.
function answerOf(error: ContractError, realm: string | undefined): ErrorResponse {
  const answer = errorAnswer(error, realm)
  if (error instanceof TooManyAttemptsError) answer.headers['retry-after'] = String(error.retryAfterSeconds)
  return answer
}

/**
 * The one mapping from an error to an HTTP answer. Our own errors and the verifier's keep their code and message; Fastify's
 * request errors (bad JSON, too large, validation) become their contract code; anything else is a generic 500
 * whose body says nothing of what happened.
 */
export function toErrorResponse(error: unknown, realm?: string): ErrorResponse {
  if (error instanceof ContractError) return answerOf(error, realm)
  const candidate = error as FastifyLikeError
  if (candidate && typeof candidate === 'object' && candidate.validation) {
    return respond('validation_failed', candidate.message)
  }
  const frameworkCode = candidate?.code ? FRAMEWORK_CODES[candidate.code] : undefined
  if (frameworkCode) return respond(frameworkCode, errorCodes[frameworkCode].message)
  const status = candidate?.statusCode
  const byStatus = status !== undefined && status >= 400 && status < 500 ? BY_STATUS[status] : undefined
  if (byStatus) return respond(byStatus, errorCodes[byStatus].message)
  return respond('internal_error', errorCodes.internal_error.message)
}
