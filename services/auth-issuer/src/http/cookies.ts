import type {} from '@fastify/cookie'
import type { FastifyReply } from 'fastify'
import { TOKEN_RESPONSE_HEADERS } from '@authpair/http'
import type { IssuedTokens } from '../domain/issue-session.js'

export const ACCESS_COOKIE = 'access_token'
export const REFRESH_COOKIE = 'refresh_token'
export const LOGGED_IN_COOKIE = 'logged_in'

// The refresh cookie goes only to /auth, and never cross-site (Strict); the access cookie goes with same-site
// navigations (Lax); `logged_in` is the one a page's scripts may read, and says nothing secret.
const ACCESS = { httpOnly: true, sameSite: 'lax', path: '/' } as const
const REFRESH = { httpOnly: true, sameSite: 'strict', path: '/auth' } as const
const LOGGED_IN = { httpOnly: false, sameSite: 'lax', path: '/' } as const

/**
 * Sets the three session cookies of the contract, and the cache headers of a token response (RFC 6749 section 5.1):
 * every answer that sets these cookies carries the tokens in its body too (login, refresh).
 */
export function setSessionCookies(reply: FastifyReply, tokens: IssuedTokens, secure: boolean): void {
  reply
    .headers(TOKEN_RESPONSE_HEADERS)
    .setCookie(ACCESS_COOKIE, tokens.accessToken, { ...ACCESS, secure, maxAge: tokens.expiresIn })
    .setCookie(REFRESH_COOKIE, tokens.refreshToken, { ...REFRESH, secure, maxAge: tokens.refreshExpiresIn })
    .setCookie(LOGGED_IN_COOKIE, 'true', { ...LOGGED_IN, secure, maxAge: tokens.refreshExpiresIn })
}

/** Clears the three session cookies (same name, path and attributes, expired). */
export function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  reply
    .clearCookie(ACCESS_COOKIE, { ...ACCESS, secure })
    .clearCookie(REFRESH_COOKIE, { ...REFRESH, secure })
    .clearCookie(LOGGED_IN_COOKIE, { ...LOGGED_IN, secure })
}
