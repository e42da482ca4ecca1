/** The JOSE header `typ` of an access token (RFC 9068 section 2.1). */
export const ACCESS_TOKEN_TYPE = 'at+jwt'
/** The only signing algorithm of access tokens. */
export const ACCESS_TOKEN_ALG = 'RS256'

/**
 * The claims of an access token (RFC 9068 section 2.2, plus `sid`, `roles` and `email`): what the issuer signs and
 * every verifier reads. Time claims are whole seconds since the epoch.
 */
export interface AccessTokenClaims {
  iss: string
  aud: string | string[]
  /** The user id. */
  sub: string
  /** The session id: the session must be live in Redis for the token to pass. */
  sid: string
  jti: string
  client_id: string
  iat: number
  nbf: number
  exp: number
  roles: string[]
  email: string
  /** Whether `email` was confirmed from a mail (issue 14); absent in tokens from before it, read as false. */
  email_verified?: boolean
}

/** The registered claims a token must carry before its own claims are read. */
export const REQUIRED_REGISTERED_CLAIMS = ['iss', 'aud', 'sub', 'sid', 'jti', 'iat', 'nbf', 'exp'] as const satisfies readonly (keyof AccessTokenClaims)[]
