import type { FastifyRequest } from 'fastify'
import { AppError } from '@authpair/errors'

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** A cookie that can authenticate a request. */
export interface AuthCookie {
  name: string
  /**
   * How the service picks the token from the `Authorization` header and this cookie (the verifier's
   * `extractBearerToken`): the cookie is the credential used when the pick is the cookie. Without it the cookie is
   * read whatever the headers say (the refresh token), so it always counts.
   */
  pick?: (authorization: string | undefined, cookie: string | undefined) => string | undefined
}

export interface OriginCheckOptions {
  /** Origins besides the service's own that may send cookie-authenticated writes. */
  allowedOrigins: readonly string[]
  /** The cookies that authenticate a request. */
  cookies: readonly AuthCookie[]
}

// Stands for the cookie when asking `pick` which credential wins: no header value can hold a NUL, so the pick is
// this mark only when it took the cookie (a Bearer token equal to the cookie's value is still the header's).
const COOKIE_MARK = '\u0000cookie'

function carriesCookie(header: string, name: string): boolean {
  return new RegExp(`(^|;\\s*)${name}=`).test(header)
}

function authenticatedByCookie(request: FastifyRequest, cookies: readonly AuthCookie[]): boolean {
  const header = request.headers.cookie
  if (header === undefined) return false
  return cookies.some(
    ({ name, pick }) => carriesCookie(header, name) && (pick === undefined || pick(request.headers.authorization, COOKIE_MARK) === COOKIE_MARK),
  )
}

/**
 * A CSRF defence on top of SameSite: a state-changing request that a cookie authenticates must come from the
 * service's own origin or an allowed one. The check is keyed on the credential the request is actually read with,
 * not on the presence of an `Authorization` header: `Authorization: Basic ...` beside the access cookie still
 * authenticates by cookie (issue 11). Browsers always send `Origin` on cross-site writes (and `Sec-Fetch-Site`);
 * clients that send neither are not browsers and are not at risk. Bearer requests are unaffected: a browser never
 * attaches them on its own.
 * @returns a check that throws AppError('forbidden') for a refused request.
 */
export function createOriginCheck(options: OriginCheckOptions) {
  const allowed = new Set(options.allowedOrigins)
  return function originCheck(request: FastifyRequest): void {
    if (!UNSAFE.has(request.method) || !authenticatedByCookie(request, options.cookies)) return
    const origin = request.headers.origin
    const own = `${request.protocol}://${request.host}`
    const crossSite = origin !== undefined ? origin !== own && !allowed.has(origin) : request.headers['sec-fetch-site'] === 'cross-site'
    if (crossSite) throw new AppError('forbidden', 'Cross-site requests authenticated by cookie are refused.')
  }
}
