import { Type, type Static } from '@sinclair/typebox'
import { ObjectIdString, Timestamp } from './common.js'

const PersonName = Type.String({ minLength: 1, maxLength: 100 })

/** A role name: lowercase letters, digits, `-`, `_` and `:`. */
export const RoleString = Type.String({ pattern: '^[a-z][a-z0-9_:-]{0,49}$' })

/** A user as the services return it. Never a password hash. */
export const UserSchema = Type.Object(
  {
    id: ObjectIdString,
    email: Type.String(),
    name: Type.String(),
    first_name: Type.Optional(Type.String()),
    last_name: Type.Optional(Type.String()),
    phone: Type.Optional(Type.String()),
    roles: Type.Array(Type.String()),
    disabled: Type.Boolean(),
    email_verified: Type.Boolean(),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { additionalProperties: false },
)
export type User = Static<typeof UserSchema>

export const UserEnvelopeSchema = Type.Object({ user: UserSchema })
export type UserEnvelope = Static<typeof UserEnvelopeSchema>

/** The profile fields a person gives at signup. */
export const ProfileFields = {
  name: Type.Optional(PersonName),
  first_name: Type.Optional(PersonName),
  last_name: Type.Optional(PersonName),
  phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 ()-]{3,30}$' })),
}
