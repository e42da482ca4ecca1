import type { FastifyRequest } from 'fastify'
import { AppError } from '@authpair/errors'

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export interface OriginCheckOptions {
  /** Origins besides the service's own that may send cookie-authenticated writes. */
  allowedOrigins: readonly string[]
  /** The cookies that authenticate a request. */
  cookieNames: readonly string[]
}

function carriesCookie(request: FastifyRequest, names: readonly string[]): boolean {
  const header = request.headers.cookie
  return header !== undefined && names.some((name) => new RegExp(`(^|;\\s*)${name}=`).test(header))
}

/**
 * A CSRF defence on top of SameSite: a state-changing request authenticated by cookie (no `Authorization` header)
 * must come from the service's own origin or an allowed one. Browsers always send `Origin` on cross-site writes
 * (and `Sec-Fetch-Site`); clients that send neither are not browsers and are not at risk. Bearer requests are
 * unaffected: a browser never attaches them on its own.
 * @returns a check that throws AppError('forbidden') for a refused request.
 */
export function createOriginCheck(options: OriginCheckOptions) {
  const allowed = new Set(options.allowedOrigins)
  return function originCheck(request: FastifyRequest): void {
    if (!UNSAFE.has(request.method) || request.headers.authorization !== undefined) return
    if (!carriesCookie(request, options.cookieNames)) return
    const origin = request.headers.origin
    const own = `${request.protocol}://${request.host}`
    const crossSite = origin !== undefined ? origin !== own && !allowed.has(origin) : request.headers['sec-fetch-site'] === 'cross-site'
    if (crossSite) throw new AppError('forbidden', 'Cross-site requests authenticated by cookie are refused.')
  }
}
