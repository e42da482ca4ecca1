import { errors } from 'jose'
import { BearerError, UnavailableError } from './errors.js'

/**
 * Maps what jose throws to our errors, by class, never by message: the remote key source throws
 * `UnavailableError('jwks')` itself when the JWKS cannot be fetched (issue 12), and jose's `JWKSTimeout` and
 * `JWKSInvalid` mean the same; anything else jose says about the token is 401 `invalid_token`. An error that is
 * neither ours nor jose's (a bug in a key source of one's own) is not guessed at either: it is returned as it is,
 * and answers 500.
 */
export function fromJoseError(error: unknown): unknown {
  if (error instanceof UnavailableError || error instanceof BearerError) return error
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new UnavailableError('jwks', { cause: error })
  }
  if (error instanceof errors.JOSEError) return new BearerError('invalid_token', messageFor(error), { cause: error })
  return error
}

function messageFor(error: InstanceType<typeof errors.JOSEError>): string {
  if (error instanceof errors.JWTExpired) return 'The access token has expired.'
  if (error instanceof errors.JWKSNoMatchingKey) return 'The access token is signed with an unknown key.'
  return 'The access token is not valid.'
}
