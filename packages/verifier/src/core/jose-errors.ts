import { errors } from 'jose'
import { BearerError, UnavailableError } from './errors.js'

/**
 * Maps what jose throws to our errors: anything wrong with the token is 401 `invalid_token`; a JWKS that cannot
 * be fetched while the token names a key we do not hold is 503, because we cannot tell (never a guess either way).
 */
export function fromJoseError(error: unknown): BearerError | UnavailableError {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new UnavailableError('jwks', { cause: error })
  }
  if (error instanceof errors.JOSEError) {
    const unreachable = error.code === 'ERR_JOSE_GENERIC' && /JSON Web Key Set/.test(error.message)
    if (unreachable) return new UnavailableError('jwks', { cause: error })
    return new BearerError('invalid_token', messageFor(error), { cause: error })
  }
  // fetch() failing to connect rejects with a TypeError from inside jose's key lookup.
  if (error instanceof TypeError && /fetch/i.test(error.message)) return new UnavailableError('jwks', { cause: error })
  return new BearerError('invalid_token', undefined, { cause: error })
}

function messageFor(error: InstanceType<typeof errors.JOSEError>): string {
  if (error instanceof errors.JWTExpired) return 'The access token has expired.'
  if (error instanceof errors.JWKSNoMatchingKey) return 'The access token is signed with an unknown key.'
  return 'The access token is not valid.'
}
