import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { ACCESS_TOKEN_ALG, JwksSchema, OpenIdConfigurationSchema, type OpenIdConfiguration } from '@authpair/contract'
import { toJwks } from '@authpair/tokens'

/** `GET /.well-known/jwks.json` and `GET /.well-known/openid-configuration`. Both are built once, at start. */
export const wellKnownRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const jwks = toJwks(app.signingKeys)
  const issuer = app.config.ISSUER_URL
  const discovery: OpenIdConfiguration = {
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    response_types_supported: ['token'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [ACCESS_TOKEN_ALG],
  }
  const cacheControl = `public, max-age=${app.config.JWKS_MAX_AGE}`

  app.get(
    '/.well-known/jwks.json',
    { schema: { summary: 'The public signing keys', response: { 200: JwksSchema } } },
    async (_request, reply) => reply.header('cache-control', cacheControl).send(jwks),
  )
  app.get(
    '/.well-known/openid-configuration',
    { schema: { summary: 'Discovery metadata', response: { 200: OpenIdConfigurationSchema } } },
    async (_request, reply) => reply.header('cache-control', cacheControl).send(discovery),
  )
}
