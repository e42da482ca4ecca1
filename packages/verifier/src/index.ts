export { createTokenVerifier, type TokenVerifier, type TokenVerifierOptions } from './core/token-verifier.js'
export {
  remoteKeySource,
  localKeySource,
  type KeySource,
  type RemoteKeySource,
  type RemoteKeySourceOptions,
} from './core/key-sources.js'
export { extractBearerToken, MAX_TOKEN_LENGTH } from './core/bearer-token.js'
export { DEFAULT_MAX_LIFETIME_SECONDS } from './core/time-claims.js'
export { principalFromClaims, hasAnyRole, type Principal } from './core/principal.js'
export type { SessionLiveness } from './core/session-liveness.js'
export { strictSessionLiveness, type StrictLivenessOptions } from './redis/strict-liveness.js'
export { trackedSessionLiveness, type LookupAnswer, type TrackedLiveness, type TrackedLivenessOptions } from './redis/tracked-liveness.js'
