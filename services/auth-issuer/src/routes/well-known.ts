import { createHash } from 'node:crypto'
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Jwks } from '@authpair/contract'
import type { SigningKey } from '@authpair/tokens'
import { ACCESS_TOKEN_ALG, JwksSchema, OpenIdConfigurationSchema, type OpenIdConfiguration } from '@authpair/contract'
import { toJwks } from '@authpair/tokens'

/** `GET /.well-known/jwks.json` (rebuilt when the key set changes, issue 13) and `GET /.well-known/openid-configuration`. */
export const wellKnownRoutes: FastifyPluginAsyncTypebox = async (app) => {
  let built: { keys: readonly SigningKey[]; jwks: Jwks; etag: string } | undefined
  const currentJwks = () => {
    const keys = app.signingKeys
    if (built?.keys !== keys) {
      const jwks = toJwks(keys)
      built = { keys, jwks, etag: `"${createHash('sha256').update(JSON.stringify(jwks)).digest('base64url').slice(0, 27)}"` }
    }
    return built
  }
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
    { schema: { summary: 'The public signing keys', response: { 200: JwksSchema, 304: { type: 'null', description: 'Not modified' } } } },
    async (request, reply) => {
      const { jwks, etag } = currentJwks()
      // Never cached past the moment the `next` key starts signing (contract v2), so no cache misses a key it needs.
      const untilNext = app.nextKeyActivation === undefined ? Infinity : Math.floor((app.nextKeyActivation - Date.now()) / 1000)
      const maxAge = Math.max(0, Math.min(app.config.JWKS_MAX_AGE, untilNext))
      reply.header('cache-control', `public, max-age=${maxAge}`).header('etag', etag)
      if (request.headers['if-none-match'] === etag) return reply.code(304).send()
      return reply.send(jwks)
    },
  )
  app.get(
    '/.well-known/openid-configuration',
    { schema: { summary: 'Discovery metadata', response: { 200: OpenIdConfigurationSchema } } },
    async (_request, reply) => reply.header('cache-control', cacheControl).send(discovery),
  )
}
