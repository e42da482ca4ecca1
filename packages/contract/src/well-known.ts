import { Type, type Static } from '@sinclair/typebox'

/** A public RSA signing key as published in the JWKS (RFC 7517). */
export const PublicJwkSchema = Type.Object({
  kty: Type.Literal('RSA'),
  kid: Type.String(),
  use: Type.Literal('sig'),
  alg: Type.Literal('RS256'),
  n: Type.String(),
  e: Type.String(),
})
export type PublicJwk = Static<typeof PublicJwkSchema>

export const JwksSchema = Type.Object({ keys: Type.Array(PublicJwkSchema) })
export type Jwks = Static<typeof JwksSchema>

/** The subset of OpenID Provider Metadata that applies to this issuer. */
export const OpenIdConfigurationSchema = Type.Object({
  issuer: Type.String(),
  jwks_uri: Type.String(),
  token_endpoint: Type.String(),
  revocation_endpoint: Type.String(),
  response_types_supported: Type.Array(Type.String()),
  subject_types_supported: Type.Array(Type.String()),
  id_token_signing_alg_values_supported: Type.Array(Type.String()),
  token_endpoint_auth_methods_supported: Type.Array(Type.String()),
})
export type OpenIdConfiguration = Static<typeof OpenIdConfigurationSchema>
