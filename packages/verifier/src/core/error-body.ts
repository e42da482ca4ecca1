import { STATUS_CODES } from 'node:http'
import { BearerError, type ContractError } from './errors.js'

/** The contract's one error shape (API.md): every refusal, from the issuer, a service or a verifier, has it. */
export interface ErrorBody {
  statusCode: number
  /** The HTTP reason phrase. */
  error: string
  /** A stable snake_case code. */
  code: string
  /** For people; never internals. */
  message: string
}

/** The error body as a JSON Schema, for response schemas (the contract package wraps it for TypeBox). */
export const ERROR_BODY_SCHEMA = {
  type: 'object',
  properties: {
    statusCode: { type: 'integer' },
    error: { type: 'string', description: 'The HTTP reason phrase' },
    code: { type: 'string', description: 'A stable snake_case code' },
    message: { type: 'string', description: 'For people; never internals' },
  },
  required: ['statusCode', 'error', 'code', 'message'],
  additionalProperties: false,
} as const

/** The body of an error answer: `{ statusCode, error, code, message }`. */
export function errorBody(statusCode: number, code: string, message: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', code, message }
}

/** A whole error answer: status, headers and body. */
export interface ErrorAnswer {
  statusCode: number
  headers: Record<string, string>
  body: ErrorBody
}

/**
 * The answer to an error of the contract: its status and body, and for a `BearerError` its `WWW-Authenticate`
 * challenge. For adapters that answer by themselves (Express, node:http).
 */
export function errorAnswer(error: ContractError, realm?: string): ErrorAnswer {
  const headers: Record<string, string> = error instanceof BearerError ? { 'www-authenticate': error.challenge(realm) } : {}
  return { statusCode: error.statusCode, headers, body: errorBody(error.statusCode, error.code, error.message) }
}
