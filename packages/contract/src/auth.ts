import { Type, type Static } from '@sinclair/typebox'
import { ProfileFields, UserSchema } from './user.js'

export const Email = Type.String({ format: 'email-address', maxLength: 320 })
export const NewPassword = Type.String({ format: 'password', maxLength: 72, description: '8 to 72 UTF-8 bytes' })
// Any stored password is at most 72 bytes; the bound only keeps absurd bodies out.
export const GivenPassword = Type.String({ minLength: 1, maxLength: 1024 })

export const SignupBodySchema = Type.Object(
  { email: Email, password: NewPassword, ...ProfileFields },
  { additionalProperties: false },
)
export type SignupBody = Static<typeof SignupBodySchema>

export const LoginBodySchema = Type.Object({ email: Email, password: GivenPassword }, { additionalProperties: false })
export type LoginBody = Static<typeof LoginBodySchema>

/** The refresh token may come in the body or, for browsers, in the `refresh_token` cookie. */
export const RefreshBodySchema = Type.Object(
  { refresh_token: Type.Optional(Type.String({ minLength: 1, maxLength: 2048 })) },
  { additionalProperties: false },
)
export type RefreshBody = Static<typeof RefreshBodySchema>

/** Logout takes a refresh token in the body as one of its ways to name the session. */
export const LogoutBodySchema = RefreshBodySchema
export type LogoutBody = RefreshBody

export const TokenPairSchema = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ description: 'Seconds until the access token expires' }),
    refresh_token: Type.String(),
    refresh_expires_in: Type.Integer({ description: 'Seconds until the session ends' }),
    session_id: Type.String(),
    user: UserSchema,
  },
  { additionalProperties: false },
)
export type TokenPair = Static<typeof TokenPairSchema>

export const PasswordChangeBodySchema = Type.Object(
  { current_password: GivenPassword, new_password: NewPassword },
  { additionalProperties: false },
)
export type PasswordChangeBody = Static<typeof PasswordChangeBodySchema>
