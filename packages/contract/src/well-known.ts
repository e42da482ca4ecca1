import { Type, type Static } from '@sinclair/typebox'
import { ACCESS_TOKEN_ALG } from '@authpair/verifier'

/** A public RSA signing key as published in the JWKS (RFC 7517). */
export const PublicJwkSchema = Type.Object({
  kty: Type.Literal('RSA'),
  kid: Type.String(),
  use: Type.Literal('sig'),
  alg: Type.Literal(ACCESS_TOKEN_ALG),
  n: Type.String(),
  e: Type.String(),
})
export type PublicJwk = Static<typeof PublicJwkSchema>

export const JwksSchema = Type.Object({ keys: Type.Array(PublicJwkSchema) })
export type Jwks = Static<typeof JwksSchema>

/**
 * The subset of OpenID Provider Metadata that applies to this issuer. No `token_endpoint` or `revocation_endpoint`
 * (nor `token_endpoint_auth_methods_supported`, which describes the former): `/auth/refresh` and `/auth/logout` take
 * JSON, not RFC 6749's form-encoded `grant_type` nor RFC 7009's `token`, so a standard OAuth client that trusted
 * discovery would fail against them (issue 11). Advertise an endpoint here only once it speaks its RFC.
 */
export const OpenIdConfigurationSchema = Type.Object(
  {
    issuer: Type.String(),
    jwks_uri: Type.String(),
    response_types_supported: Type.Array(Type.String()),
    subject_types_supported: Type.Array(Type.String()),
    id_token_signing_alg_values_supported: Type.Array(Type.String()),
  },
  { additionalProperties: false },
)
export type OpenIdConfiguration = Static<typeof OpenIdConfigurationSchema>
