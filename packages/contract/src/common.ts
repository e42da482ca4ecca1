import { Type, type Static } from '@sinclair/typebox'
import { ERROR_BODY_SCHEMA, type ErrorBody } from '@authpair/verifier'

/** The one error shape every failure has: the verifier's definition, as a TypeBox schema for route responses. */
export const ErrorBodySchema = Type.Unsafe<ErrorBody>({ ...ERROR_BODY_SCHEMA, $id: 'ErrorBody' })
export type { ErrorBody }

/** A MongoDB ObjectId as 24 lowercase hex characters. */
export const ObjectIdString = Type.String({ pattern: '^[0-9a-fA-F]{24}$', description: 'A 24-hex-character id' })

export const IdParamsSchema = Type.Object({ id: ObjectIdString }, { additionalProperties: false })
export type IdParams = Static<typeof IdParamsSchema>

/** An ISO 8601 time. */
export const Timestamp = Type.String({ format: 'date-time' })

export const HealthSchema = Type.Object({ status: Type.String() })
export type Health = Static<typeof HealthSchema>

/** Response schemas for error statuses: `{ ...errorResponses(400, 409) }`. */
export function errorResponses<const S extends number>(...statuses: S[]): Record<S, typeof ErrorBodySchema> {
  return Object.fromEntries(statuses.map((status) => [status, ErrorBodySchema])) as Record<S, typeof ErrorBodySchema>
}

/** The empty body of a 204. */
export const NoContentSchema = Type.Null()
