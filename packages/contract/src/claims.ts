import { Type, type Static } from '@sinclair/typebox'

/** The JOSE header of an access token (RFC 9068 section 2.1). */
export const ACCESS_TOKEN_TYPE = 'at+jwt'
export const ACCESS_TOKEN_ALG = 'RS256'

/** The claims of an access token (RFC 9068 section 2.2, plus `sid`, `roles` and `email`). */
export const AccessTokenClaimsSchema = Type.Object({
  iss: Type.String(),
  aud: Type.Union([Type.String(), Type.Array(Type.String())]),
  sub: Type.String(),
  sid: Type.String(),
  jti: Type.String(),
  client_id: Type.String(),
  iat: Type.Integer(),
  nbf: Type.Integer(),
  exp: Type.Integer(),
  roles: Type.Array(Type.String()),
  email: Type.String(),
})
export type AccessTokenClaims = Static<typeof AccessTokenClaimsSchema>
