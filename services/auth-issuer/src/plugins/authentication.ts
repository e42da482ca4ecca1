import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { toJwks } from '@authpair/tokens'
import { createTokenVerifier, DEFAULT_MAX_LIFETIME_SECONDS, localKeySource } from '@authpair/verifier'
import { verifierPlugin } from '@authpair/verifier/fastify'

/**
 * Protects the issuer's own routes with the same verifier every service uses, fed the issuer's keys in-process
 * (no HTTP round trip to itself) and asking the same session store whether the session lives and is the token's
 * user's.
 */
export const authenticationPlugin = fp(
  async (app: FastifyInstance) => {
    const verifier = createTokenVerifier({
      keys: localKeySource(toJwks(app.signingKeys)),
      issuer: app.config.ISSUER_URL,
      audience: app.config.TOKEN_AUDIENCE,
      // Never below what this issuer signs, even with an ACCESS_TOKEN_TTL past the verifier's default bound.
      maxLifetimeSeconds: Math.max(app.config.ACCESS_TOKEN_TTL, DEFAULT_MAX_LIFETIME_SECONDS),
      sessions: app.issuer.sessions,
    })
    await app.register(verifierPlugin, { verifier })
  },
  { name: 'authentication', fastify: '5.x', dependencies: ['issuer-context'] },
)
