/**
 * The value of one cookie in a `Cookie` header (RFC 6265 section 5.4), the first when it is repeated, without
 * decoding: an access token is b64token characters, which cookies carry as they are, and anything else fails
 * verification. Returns `undefined` when the cookie is absent.
 */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (header === undefined) return undefined
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=')
    if (equals === -1 || pair.slice(0, equals).trim() !== name) continue
    const value = pair.slice(equals + 1).trim()
    // A cookie value may be quoted (RFC 6265 cookie-value); the quotes are not part of it.
    return value.length >= 2 && value.startsWith('"') && value.endsWith('"') ? value.slice(1, -1) : value
  }
  return undefined
}
