/**
 * What every answer says to caches unless its route says otherwise: store nothing. Personal data (sessions, users,
 * `/me`), tokens and errors must never sit in a shared or browser cache (OWASP REST Security; issue 11). A public
 * answer (the JWKS, discovery) sets its own `Cache-Control`.
 */
export const DEFAULT_CACHE_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'cache-control': 'no-store' })

/** The headers of a response that carries tokens (RFC 6749 section 5.1): `no-store`, and `Pragma` for HTTP/1.0 caches. */
export const TOKEN_RESPONSE_HEADERS: Readonly<Record<string, string>> = Object.freeze({ 'cache-control': 'no-store', pragma: 'no-cache' })
