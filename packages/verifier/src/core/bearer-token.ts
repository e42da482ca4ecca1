/** Longest token accepted before any parsing; ours are about 900 bytes. */
export const MAX_TOKEN_LENGTH = 4096

// RFC 6750 section 2.1: b64token, after the scheme and one or more spaces.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i

/**
 * The token a request carries: `Authorization: Bearer <token>`, else the access-token cookie.
 * Returns `undefined` when there is none; a malformed header yields the raw text, which then fails verification.
 */
export function extractBearerToken(authorization: string | undefined, cookie: string | undefined): string | undefined {
  if (authorization !== undefined && /^bearer\b/i.test(authorization)) {
    const match = BEARER.exec(authorization.trim())
    return match ? match[1] : authorization
  }
  return cookie === undefined || cookie === '' ? undefined : cookie
}
