import { Type, type Static } from '@sinclair/typebox'
import { Email, GivenPassword, NewPassword } from './auth.js'

/** A token from a mail's link: 32 random bytes, base64url (../shared/API.md, "v2: email"). */
export const EmailLinkToken = Type.String({ pattern: '^[A-Za-z0-9_-]{43}$', description: 'the token from the link' })

export const EmailTokenBodySchema = Type.Object({ token: EmailLinkToken }, { additionalProperties: false })
export type EmailTokenBody = Static<typeof EmailTokenBodySchema>

export const PasswordForgotBodySchema = Type.Object({ email: Email }, { additionalProperties: false })
export type PasswordForgotBody = Static<typeof PasswordForgotBodySchema>

export const PasswordResetBodySchema = Type.Object({ token: EmailLinkToken, new_password: NewPassword }, { additionalProperties: false })
export type PasswordResetBody = Static<typeof PasswordResetBodySchema>

export const EmailChangeBodySchema = Type.Object({ new_email: Email, current_password: GivenPassword }, { additionalProperties: false })
export type EmailChangeBody = Static<typeof EmailChangeBodySchema>

/** The 202 body: nothing, so it says nothing about whether an account exists. */
export const AcceptedSchema = Type.Object({}, { additionalProperties: false })
