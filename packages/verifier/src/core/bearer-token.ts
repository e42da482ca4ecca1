/** Longest token accepted before any parsing; ours are about 900 bytes. */
export const MAX_TOKEN_LENGTH = 4096

// RFC 6750 section 2.1: the scheme in any case, one or more spaces, then a b64token.
const SCHEME = /^bearer +/i
const SPACE = 0x20
/** The b64token syntax. Checked with the token's shape, on a verification cache miss: a hit matched it before. */
export const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/

/**
 * The token a request carries: `Authorization: Bearer <token>`, else the access-token cookie (its value, or a
 * function that reads it, called only when there is no bearer header). Returns `undefined` when there is none; a
 * malformed header yields text that then fails verification.
 */
export function extractBearerToken(
  authorization: string | undefined,
  cookie: string | undefined | (() => string | undefined),
): string | undefined {
  // The usual spelling first: one comparison instead of two regular expressions, on every request.
  if (authorization?.startsWith('Bearer ') && authorization.charCodeAt(7) !== SPACE) return authorization.slice(7).trimEnd()
  if (authorization !== undefined && /^bearer\b/i.test(authorization)) {
    const scheme = SCHEME.exec(authorization)
    return scheme ? authorization.slice(scheme[0].length).trimEnd() : authorization
  }
  const value = typeof cookie === 'function' ? cookie() : cookie
  return value === undefined || value === '' ? undefined : value
}
