import { Type, type StaticDecode } from '@sinclair/typebox'
import { ConfigError, Duration, UrlString } from '@authpair/config'

/**
 * The variables every verifying service reads (the resource service, forward-auth): which issuer to trust, how its
 * keys are fetched, and how session liveness is checked. Spread into a service's env schema; the defaults suit the
 * local stack.
 */
export const verificationEnv = {
  /** The issuer: the `iss` tokens must carry, and where its JWKS is by default. */
  ISSUER_URL: UrlString(['http', 'https'], { default: 'http://127.0.0.1:4000', description: 'the issuer URL (its tokens\' iss)' }),
  /** Where to fetch the issuer's public keys; default `<ISSUER_URL>/.well-known/jwks.json`. */
  JWKS_URL: Type.Optional(UrlString(['http', 'https'], { description: 'an http(s) URL of a JWKS' })),
  /** The `aud` this service accepts. */
  TOKEN_AUDIENCE: Type.String({ default: 'authpair-api', minLength: 1, description: 'a non-empty audience name' }),
  /** Clock skew allowed on `exp` and `nbf`. */
  CLOCK_TOLERANCE: Duration({ default: '5s' }),
  /**
   * The longest access-token lifetime accepted (`exp` past `iat`); longer-lived tokens are refused (issue 11). At
   * least the issuer's ACCESS_TOKEN_TTL.
   */
  MAX_TOKEN_LIFETIME: Duration({ default: '24h' }),
  /** How often the JWKS is refetched in the background. */
  JWKS_REFRESH_INTERVAL: Duration({ default: '5m' }),
  /** The least time between JWKS refetches caused by tokens with an unknown `kid` (a rate limit). */
  JWKS_COOLDOWN: Duration({ default: '30s' }),
  /**
   * How session liveness is checked: `tracked` answers from memory kept exact by Redis invalidation pushes (and asks
   * Redis whenever it cannot prove freshness; on a Cluster, one invalidation link per primary), `strict` asks Redis
   * on every request.
   */
  VERIFY_MODE: Type.Union([Type.Literal('tracked'), Type.Literal('strict')], { default: 'tracked', description: 'tracked or strict' }),
  /**
   * In `tracked` mode, how far behind Redis a remembered answer may be, in milliseconds. 0 (exact): each waits for a
   * heartbeat sent after the request began. More skips that wait and lets a revocation go unseen for that long.
   */
  MAX_STALENESS_MS: Type.Integer({ minimum: 0, maximum: 1000, default: 0, description: 'an integer from 0 to 1000' }),
  /** Sessions remembered in `tracked` mode (LRU). */
  SESSION_CACHE_SIZE: Type.Integer({ minimum: 1, default: 100_000, description: 'a positive integer' }),
  /** Verified tokens remembered, so each signature is checked once (LRU; 0 turns it off). */
  TOKEN_CACHE_SIZE: Type.Integer({ minimum: 0, default: 10_000, description: 'a non-negative integer' }),
  /**
   * How long the service waits at start for the issuer's key-layout marker under REDIS_KEY_PREFIX before it refuses
   * to start (a wrong prefix must not look like every session revoked; issue 12).
   */
  KEY_LAYOUT_WAIT: Duration({ default: '10s' }),
}

/** The verification settings as one schema (what `resolveVerificationConfig` completes). */
export const VerificationEnvSchema = Type.Object(verificationEnv)

/** The verification settings once loaded and resolved: `JWKS_URL` always set, `ISSUER_URL` without trailing `/`. */
export type VerificationConfig = StaticDecode<typeof VerificationEnvSchema> & { JWKS_URL: string }

/**
 * Completes loaded settings: refuses a zero MAX_TOKEN_LIFETIME, trims ISSUER_URL's trailing slashes and defaults
 * JWKS_URL to `<ISSUER_URL>/.well-known/jwks.json`.
 * @throws ConfigError naming MAX_TOKEN_LIFETIME when it is zero.
 */
export function resolveVerificationConfig<Loaded extends StaticDecode<typeof VerificationEnvSchema>>(
  config: Loaded,
  env: NodeJS.ProcessEnv,
): Loaded & { JWKS_URL: string } {
  if (config.MAX_TOKEN_LIFETIME === 0) {
    throw new ConfigError([{ variable: 'MAX_TOKEN_LIFETIME', expected: 'a duration above zero, such as 24h', received: JSON.stringify(env['MAX_TOKEN_LIFETIME']) }])
  }
  const issuer = config.ISSUER_URL.replace(/\/+$/, '')
  return { ...config, ISSUER_URL: issuer, JWKS_URL: config.JWKS_URL ?? `${issuer}/.well-known/jwks.json` }
}
