import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { toJwks, type SigningKey } from '@authpair/tokens'
import { createTokenVerifier, DEFAULT_MAX_LIFETIME_SECONDS, localKeySource, type KeySource, type TokenVerifier } from '@authpair/verifier'
import { verifierPlugin } from '@authpair/verifier/fastify'

/**
 * Protects the issuer's own routes with the same verifier every service uses, fed the issuer's keys in-process
 * (no HTTP round trip to itself) and asking the same session store whether the session lives and is the token's
 * user's.
 */
export const authenticationPlugin = fp(
  async (app: FastifyInstance) => {
    const verifier: TokenVerifier = createTokenVerifier({
      keys: liveKeySource(app),
      issuer: app.config.ISSUER_URL,
      audience: app.config.TOKEN_AUDIENCE,
      // Never below what this issuer signs, even with an ACCESS_TOKEN_TTL past the verifier's default bound.
      maxLifetimeSeconds: Math.max(app.config.ACCESS_TOKEN_TTL, DEFAULT_MAX_LIFETIME_SECONDS),
      sessions: app.issuer.sessions,
    })
    // A revoked or retired key: its tokens leave the verified-token cache as soon as this issuer sees the change.
    app.liveKeys.onKeysRemoved(() => verifier.clearCache())
    await app.register(verifierPlugin, { verifier })
  },
  { name: 'authentication', fastify: '5.x', dependencies: ['issuer-context'] },
)

/** The issuer's published keys as they are now (they rotate, issue 13), rebuilt only when the set changes. */
function liveKeySource(app: FastifyInstance): KeySource {
  let published: readonly SigningKey[] = []
  let source: KeySource | undefined
  return (header, token) => {
    const now = app.signingKeys
    if (now !== published || !source) {
      published = now
      source = localKeySource(toJwks(now))
    }
    return source(header, token)
  }
}
