import type { IncomingMessage, ServerResponse } from 'node:http'
import helmet, { type HelmetOptions } from 'helmet'

/**
 * helmet's headers for a JSON API (OWASP REST Security: a CSP that allows nothing, no framing, no sniffing, HSTS),
 * resources readable from the same site only. helmet's default CSP directives would loosen `default-src 'none'`
 * (`img-src 'self' data:` and more), and its headers for old browsers' HTML features say nothing to a JSON answer.
 */
const API_POLICY: HelmetOptions = {
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginResourcePolicy: { policy: 'same-site' },
  xFrameOptions: { action: 'deny' },
  originAgentCluster: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
}

/**
 * The headers helmet sets, computed once. @fastify/helmet runs helmet anew on every request (re-parsing the CSP
 * each time, about a tenth of the resource service's CPU under load); the answer never changes, so ask once.
 */
export function securityHeaders(options: HelmetOptions = API_POLICY): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {}
  const response = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  }
  let called = false
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => (called = true))
  // helmet's middleware is synchronous; should that change, fail at start rather than send no headers.
  if (!called) throw new Error('helmet did not finish synchronously: security headers unknown')
  return Object.freeze(headers)
}
