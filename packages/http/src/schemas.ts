import { Type } from '@sinclair/typebox'

/** `{status: "ok"}`. Kept here so this package does not depend on the contract package. */
export const HealthSchemaLike = Type.Object({ status: Type.String() })
