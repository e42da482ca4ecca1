/**
 * One cookie's value from a `Cookie` request header (RFC 6265 section 5.4), percent-decoded like @fastify/cookie
 * and Express's cookie-parser do; `undefined` when it is absent. For apps that parse no cookies themselves.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=')
    if (equals === -1 || pair.slice(0, equals).trim() !== name) continue
    let value = pair.slice(equals + 1).trim()
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1)
    try {
      return decodeURIComponent(value)
    } catch {
      // Not percent-encoding: the raw text, which then fails verification like any malformed token.
      return value
    }
  }
  return undefined
}

/** The cookie the issuer sets the access token in, for browsers. */
export const ACCESS_TOKEN_COOKIE = 'access_token'
