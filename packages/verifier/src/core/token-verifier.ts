import { jwtVerify, decodeProtectedHeader } from 'jose'
import { BearerError } from './errors.js'
import type { KeySource } from './key-sources.js'
import { B64TOKEN, MAX_TOKEN_LENGTH } from './bearer-token.js'
import { ACCESS_TOKEN_ALG, ACCESS_TOKEN_TYPE, REQUIRED_REGISTERED_CLAIMS } from './claims.js'
import { fromJoseError } from './jose-errors.js'
import { principalFromClaims, type Principal } from './principal.js'
import { RecentCache } from './recent-cache.js'
import type { SessionLiveness } from './session-liveness.js'
import { checkTimeClaims, DEFAULT_MAX_LIFETIME_SECONDS } from './time-claims.js'

export interface TokenVerifierOptions {
  /** Public keys: `remoteKeySource(url).getKey` or `localKeySource(jwks)`. */
  keys: KeySource
  /** The exact `iss` expected. */
  issuer: string
  /** The `aud` this service accepts. */
  audience: string | readonly string[]
  /** Allowed clock skew for `exp` and `nbf`, in seconds. Default 5. */
  clockToleranceSeconds?: number
  /**
   * The most a token's `exp` may lie past its `iat`, in seconds; longer-lived tokens are refused. At least the
   * issuer's access-token lifetime. Default 24 h.
   */
  maxLifetimeSeconds?: number
  /** Asked on every verification; a session that no longer lives, or is not the token's user's, refuses the token. */
  sessions: SessionLiveness
  /** Verified tokens remembered (the most recently used), so a token's signature is checked once, not per request. Default 10,000; 0: none. */
  cacheSize?: number
  /** Told whether each verification found the token already verified. */
  onCacheLookup?: (hit: boolean) => void
  /** The clock, in milliseconds since the epoch (tests freeze it). Default `Date.now`. */
  now?: () => number
}

export interface TokenVerifier {
  /**
   * Verifies an access token and the liveness of its session.
   * @throws BearerError('invalid_token') for any token that is not valid now;
   * @throws UnavailableError when Redis or the JWKS cannot answer.
   */
  verify(token: string): Promise<Principal>
  /**
   * Verifies signature and claims but not the session: for logout, which accepts a token whose session is gone.
   * @throws BearerError('invalid_token'), UnavailableError (JWKS).
   */
  verifyClaims(token: string): Promise<Principal>
  /** Forgets every verified token (for instance when the issuer's key set changed). */
  clearCache(): void
}

// Headers that point at keys elsewhere. Ours never carries them; a token that does is an attack (RFC 8725 3.10).
const FOREIGN_KEY_HEADERS = ['jku', 'x5u', 'jwk', 'x5c'] as const

function checkShape(token: string): void {
  if (token.length > MAX_TOKEN_LENGTH) throw new BearerError('invalid_token', 'The access token is too long.')
  if (!B64TOKEN.test(token)) throw new BearerError('invalid_token', 'The access token is malformed.')
  let header: Record<string, unknown>
  try {
    header = decodeProtectedHeader(token)
  } catch {
    throw new BearerError('invalid_token', 'The access token is malformed.')
  }
  if (FOREIGN_KEY_HEADERS.some((name) => name in header)) {
    throw new BearerError('invalid_token', 'The access token names a key source this service does not trust.')
  }
  // The issuer always names its key; without a `kid`, jose would try whichever key of the set fits (VERIFYING.md).
  if (typeof header['kid'] !== 'string' || header['kid'] === '') {
    throw new BearerError('invalid_token', 'The access token names no signing key.')
  }
}

interface VerifiedToken {
  token: string
  principal: Principal
}

// The cache is keyed by the token's last characters (its signature's): hashing the whole token, fresh from each
// request's header, cost more than the rest of a hit. The entry holds the whole token, compared before it is used.
const CACHE_KEY_LENGTH = 64
const cacheKey = (token: string): string => token.slice(-CACHE_KEY_LENGTH)

/**
 * A verifier of access tokens: RS256 only, `typ` at+jwt, `iss`, `aud`, `exp` and `nbf` with a small tolerance,
 * whole-second time claims within the maximum lifetime, the required claims, then the session's liveness.
 * @throws TypeError when `maxLifetimeSeconds` is not a positive number.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const verifyOptions = {
    algorithms: [ACCESS_TOKEN_ALG],
    typ: ACCESS_TOKEN_TYPE,
    issuer: options.issuer,
    audience: [...[options.audience].flat()],
    clockTolerance: options.clockToleranceSeconds ?? 5,
    requiredClaims: [...REQUIRED_REGISTERED_CLAIMS],
  }
  const tolerance = verifyOptions.clockTolerance
  const maxLifetimeSeconds = options.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS
  if (!(maxLifetimeSeconds > 0 && Number.isFinite(maxLifetimeSeconds))) {
    throw new TypeError('createTokenVerifier: `maxLifetimeSeconds` must be a positive number of seconds')
  }
  const timeLimits = { toleranceSeconds: tolerance, maxLifetimeSeconds }
  const now = options.now ?? Date.now
  const cacheSize = options.cacheSize ?? 10_000
  const cache = cacheSize > 0 ? new RecentCache<string, VerifiedToken>(cacheSize) : undefined

  // A cached token passed every check but time, which only moves one way: it stays good until `exp`. Answered
  // without a promise, so a hit costs no extra turn of the event loop.
  function cachedPrincipal(token: string): Principal | undefined {
    const cached = cache?.get(cacheKey(token))
    const hit = cached?.token === token && cached.principal.expiresAt + tolerance > now() / 1000
    options.onCacheLookup?.(hit)
    return hit ? cached.principal : undefined
  }

  async function verifyUncached(token: string): Promise<Principal> {
    checkShape(token)
    const at = now()
    const { payload } = await jwtVerify(token, options.keys, { ...verifyOptions, currentDate: new Date(at) }).catch((error: unknown) => {
      throw fromJoseError(error)
    })
    // Before the cache: a token with an endless `exp` must never be remembered (issue 11).
    checkTimeClaims(payload, { ...timeLimits, now: at / 1000 })
    const principal = principalFromClaims(payload)
    cache?.set(cacheKey(token), { token, principal })
    return principal
  }

  // The session must be this user's: a token naming user A and user B's live session is refused (issue 11).
  async function withLiveSession(principal: Principal): Promise<Principal> {
    if (!(await options.sessions.isLive(principal.sessionId, principal.userId))) {
      throw new BearerError('invalid_token', 'The session has ended.')
    }
    return principal
  }

  const verifyClaims = async (token: string): Promise<Principal> => cachedPrincipal(token) ?? verifyUncached(token)
  return {
    verifyClaims,
    clearCache: () => cache?.clear(),
    // Not itself async: a remembered token goes straight to the session check, one promise fewer per request.
    verify(token) {
      const principal = cachedPrincipal(token)
      return principal === undefined ? verifyUncached(token).then(withLiveSession) : withLiveSession(principal)
    },
  }
}
