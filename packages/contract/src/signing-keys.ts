import { Type, type Static } from '@sinclair/typebox'
import { Timestamp } from './common.js'

/** A signing key's state (contract v2, "signing keys and rotation"). */
export const SigningKeyStateSchema = Type.Union(['next', 'current', 'previous', 'retired', 'revoked'].map((state) => Type.Literal(state)))

/** A signing key as `GET /admin/keys` shows it: never private material. */
export const SigningKeyInfoSchema = Type.Object({
  kid: Type.String(),
  state: SigningKeyStateSchema,
  alg: Type.Literal('RS256'),
  created_at: Timestamp,
  activates_at: Type.Optional(Timestamp),
  deactivated_at: Type.Optional(Timestamp),
  retires_at: Type.Optional(Timestamp),
  revoked_at: Type.Optional(Timestamp),
})
export type SigningKeyInfo = Static<typeof SigningKeyInfoSchema>

export const SigningKeyListSchema = Type.Object({ keys: Type.Array(SigningKeyInfoSchema) })
export const SigningKeyEnvelopeSchema = Type.Object({ key: SigningKeyInfoSchema })
export const KidParamsSchema = Type.Object({ kid: Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' }) }, { additionalProperties: false })
