// The framework-free core: no Redis client, no framework (see ./redis and ./fastify for those).
export { createTokenVerifier, type TokenVerifier, type TokenVerifierOptions } from './core/token-verifier.js'
export {
  remoteKeySource,
  localKeySource,
  type KeySource,
  type RemoteKeySource,
  type RemoteKeySourceOptions,
  type JwksFetchCause,
} from './core/key-sources.js'
export type { JwksFetchOutcome } from './core/jwks-fetch.js'
export { extractBearerToken, MAX_TOKEN_LENGTH } from './core/bearer-token.js'
export { readCookie, ACCESS_TOKEN_COOKIE } from './core/cookie.js'
export { DEFAULT_MAX_LIFETIME_SECONDS } from './core/time-claims.js'
export { principalFromClaims, hasAnyRole, type Principal } from './core/principal.js'
export type { SessionLiveness } from './core/session-liveness.js'
export { sessionKeys, DEFAULT_KEY_PREFIX, KEY_LAYOUT_VERSION, type SessionKeys } from './core/session-keys.js'
export { ACCESS_TOKEN_ALG, ACCESS_TOKEN_TYPE, REQUIRED_REGISTERED_CLAIMS, type AccessTokenClaims } from './core/claims.js'
export {
  ContractError,
  BearerError,
  UnavailableError,
  type ContractErrorOptions,
  type StoreName,
} from './core/errors.js'
export { VERIFIER_ERROR_CODES, type VerifierErrorCode } from './core/error-codes.js'
export { bearerChallenge, type BearerChallengeOptions, type BearerErrorKind } from './core/challenge.js'
export { errorBody, errorAnswer, ERROR_BODY_SCHEMA, type ErrorBody, type ErrorAnswer } from './core/error-body.js'
