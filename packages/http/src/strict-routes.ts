import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, RouteOptions, preValidationHookHandler } from 'fastify'
import { Type } from '@sinclair/typebox'
import { AppError } from '@authpair/errors'

/** The querystring of a route that declares none: no names at all. */
const NO_QUERY = Type.Object({}, { additionalProperties: false })

// A callback hook: it runs on every request of most routes, so spare it a promise.
function refuseBody(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  const given = request.body !== undefined && request.body !== null
  done(given ? new AppError('validation_failed', 'This route takes no body.') : undefined)
}

/**
 * An `onRoute` hook that makes every documented route strict (the contract: unknown fields give 400): a route that
 * declares no querystring takes none, and one that declares no body refuses one (`{"a":1}` to logout-all was 204,
 * `?role[]=admin` was ignored; issue 11). Routes hidden from the OpenAPI document (the docs page, /metrics) are
 * tooling, not the API, and are left as they are.
 */
export function makeRouteStrict(route: RouteOptions): void {
  const schema = route.schema
  if (schema === undefined || schema.hide === true) return
  schema.querystring ??= NO_QUERY
  if (schema.body === undefined) {
    const given = route.preValidation
    const hooks: preValidationHookHandler[] = given === undefined ? [] : Array.isArray(given) ? given : [given]
    route.preValidation = [refuseBody, ...hooks]
  }
}

// RFC 8259 section 8.1: JSON exchanged between systems is UTF-8. Any other charset would be decoded wrongly.
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i

/**
 * The refusal of a body that declares a charset other than UTF-8 (`application/json; charset=utf-16` was parsed as
 * UTF-8; issue 11), or undefined when the content type is acceptable or absent.
 */
export function charsetRefusal(contentType: string | undefined): AppError | undefined {
  if (contentType === undefined) return undefined
  const charset = CHARSET.exec(contentType)?.[1]?.toLowerCase()
  if (charset === undefined || charset === 'utf-8' || charset === 'utf8') return undefined
  return new AppError('unsupported_media_type', 'The request body must be application/json in UTF-8.')
}
