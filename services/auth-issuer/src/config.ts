import { Type, type StaticDecode } from '@sinclair/typebox'
import { ConfigError, DURATION_PATTERN, Duration, Port, UrlString, loadEnv, parseDuration } from '@authpair/config'
import { isAcceptablePassword } from '@authpair/contract'
import { httpEnv } from '@authpair/http'
import { redisTargetFromEnv, storesEnv } from '@authpair/stores'
import { formatRedisAddress, hasReplicas } from '@authpair/verifier/redis'
import { mailEnv } from './mail/mail-config.js'

/** The issuer's environment. Every variable has a default that suits the local stack, but the admin pair. */
export const IssuerEnvSchema = Type.Object({
  /** Port to listen on. */
  ISSUER_PORT: Port(4000),
  /** The `iss` of every token, and the base of the discovery URLs: this issuer's public URL. */
  ISSUER_URL: UrlString(['http', 'https'], { default: 'http://127.0.0.1:4000', description: 'an http(s) URL without a trailing slash' }),
  /** The `aud` of every access token: what the resource services expect. */
  TOKEN_AUDIENCE: Type.String({ default: 'authpair-api', minLength: 1, description: 'a non-empty audience name' }),
  /** The `client_id` claim (RFC 9068) of every access token. */
  TOKEN_CLIENT_ID: Type.String({ default: 'authpair', minLength: 1, description: 'a non-empty client id' }),
  /** Access token lifetime. */
  ACCESS_TOKEN_TTL: Duration({ default: '15m' }),
  /** Session and refresh token lifetime, counted from login. */
  REFRESH_TOKEN_TTL: Duration({ default: '7d' }),
  /** How long a just-retired refresh token still gets its successor. */
  REFRESH_REUSE_GRACE: Duration({ default: '10s' }),
  /** bcrypt cost factor for new hashes. */
  BCRYPT_COST: Type.Integer({ minimum: 4, maximum: 17, default: 12, description: 'an integer from 4 to 17 (12 in production)' }),
  /** Set `Secure` on cookies; only `false` for plain-http local use. */
  COOKIE_SECURE: Type.Boolean({ default: true, description: 'true or false' }),
  /** Bootstrap admin, ensured at start when both are set. */
  ADMIN_EMAIL: Type.Optional(Type.String({ pattern: '^\\s*[^\\s@]+@[^\\s@]+\\.[^\\s@]+\\s*$', description: 'an email address' })),
  ADMIN_PASSWORD: Type.Optional(Type.String({ minLength: 8, maxLength: 72, description: '8 to 72 characters', secret: true })),
  /** A PEM file with the RSA private signing key; without it, the key lives in MongoDB (created once). */
  SIGNING_KEY_FILE: Type.Optional(Type.String({ minLength: 1, description: 'a path to a PKCS#8 PEM RSA private key' })),
  /** PEM files, comma-separated: the first signs, all are published (operators rotating keys kept elsewhere). */
  SIGNING_KEY_FILES: Type.Optional(Type.String({ minLength: 1, description: 'comma-separated paths to PKCS#8 PEM RSA private keys' })),
  /**
   * The secret private signing keys are encrypted under in MongoDB (AES-256-GCM, issue 13). Required when
   * NODE_ENV=production; elsewhere (the local stack, tests) a fixed development secret is used, with a warning.
   */
  KEY_ENCRYPTION_SECRET: Type.Optional(Type.String({ minLength: 32, description: 'at least 32 characters', secret: true })),
  /** The secret before KEY_ENCRYPTION_SECRET, accepted for decryption only while the keys are re-encrypted. */
  KEY_ENCRYPTION_SECRET_PREVIOUS: Type.Optional(Type.String({ minLength: 32, description: 'at least 32 characters', secret: true })),
  /** `production` makes KEY_ENCRYPTION_SECRET required. */
  NODE_ENV: Type.Optional(Type.String()),
  /**
   * How long a refresh may reuse the user it read from MongoDB (0: read on every refresh). Changes made through the
   * issuer are seen at once whatever this is; it bounds only edits made straight in MongoDB.
   */
  SESSION_USER_CACHE_TTL: Duration({ default: '30s' }),
  /** Live sessions one user may have; a login past it ends the user's oldest session (0: no cap). */
  MAX_SESSIONS_PER_USER: Type.Integer({ minimum: 0, default: 100, description: 'a non-negative integer (0: no cap)' }),
  /** `Cache-Control: max-age` of the JWKS. */
  JWKS_MAX_AGE: Duration({ default: '5m' }),
  /** How long after a key started signing a `next` key is created (issue 13); `off` disables the schedule. */
  SIGNING_KEY_ROTATION: Type.Transform(Type.String({ default: '30d', pattern: `^(off|${DURATION_PATTERN.slice(1, -1)})$`, description: 'a duration such as 30d, or off' }))
    .Decode((text) => (text === 'off' ? null : parseDuration(text)))
    .Encode((seconds) => (seconds === null ? 'off' : `${seconds}s`)),
  /** How long a `next` key is published before it signs; at least twice JWKS_MAX_AGE. */
  SIGNING_KEY_PUBLISH_AHEAD: Duration({ default: '15m' }),
  /** The clock skew verifiers allow (CLOCK_TOLERANCE there): a `previous` key stays this much longer. */
  CLOCK_TOLERANCE: Duration({ default: '5s' }),
  /** Failed logins an account may have within LOGIN_WINDOW before 429. */
  LOGIN_MAX_ATTEMPTS: Type.Integer({ minimum: 1, default: 10, description: 'a positive integer' }),
  /** Failed logins a client IP may have within LOGIN_WINDOW before 429. */
  LOGIN_MAX_ATTEMPTS_PER_IP: Type.Integer({ minimum: 1, default: 100, description: 'a positive integer' }),
  /** The window of the login limits, from the first failure. */
  LOGIN_WINDOW: Duration({ default: '15m' }),
  /** Successful logins a client IP may have within LOGIN_WINDOW before 429 (high: offices share an IP behind NAT). */
  LOGIN_MAX_SUCCESSES_PER_IP: Type.Integer({ minimum: 1, default: 1000, description: 'a positive integer' }),
  /** How long a login (or password check) past its budget waits for the attempts in flight to settle before 429. */
  LOGIN_ATTEMPT_WAIT: Duration({ default: '8s' }),
  /** bcrypt operations this process runs at once, shared fairly between clients; unset: the machine's cores. */
  BCRYPT_CONCURRENCY: Type.Optional(Type.Integer({ minimum: 1, description: 'a positive integer' })),
  /** How long a bcrypt operation may wait for its client's turn before 429; under the 10 s request timeout. */
  BCRYPT_QUEUE_WAIT: Duration({ default: '8s' }),
  /** Signups per client IP per minute. */
  SIGNUP_RATE_LIMIT: Type.Integer({ minimum: 1, default: 30, description: 'a positive integer (per minute per IP)' }),
  /** Refreshes per client IP per minute. */
  REFRESH_RATE_LIMIT: Type.Integer({ minimum: 1, default: 300, description: 'a positive integer (per minute per IP)' }),
  /**
   * Replicas that must have a revocation before it is answered (issue 15); unset: 1 with REDIS_SENTINELS or
   * REDIS_CLUSTER_NODES (a deployment with replicas), else 0.
   */
  REDIS_REVOCATION_REPLICAS: Type.Optional(Type.Integer({ minimum: 0, maximum: 16, description: 'an integer from 0 to 16' })),
  /** How long a revocation waits for those replicas before it answers 503 (at most 0.2 s under the 1 s command timeout). */
  REDIS_REVOCATION_WAIT: Duration({ default: '1s' }),
  ...mailEnv,
  ...httpEnv,
  ...storesEnv,
})

export type IssuerConfig = StaticDecode<typeof IssuerEnvSchema>

/**
 * Reads and checks the environment once, at start.
 * @throws ConfigError naming each bad variable.
 */
export function loadIssuerConfig(env: NodeJS.ProcessEnv): IssuerConfig {
  const config = loadEnv(IssuerEnvSchema, env)
  if ((config.ADMIN_EMAIL === undefined) !== (config.ADMIN_PASSWORD === undefined)) {
    const variable = config.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD'
    throw new ConfigError([{ variable, expected: 'to be set together with the other of ADMIN_EMAIL and ADMIN_PASSWORD', received: undefined }])
  }
  if (config.ADMIN_PASSWORD !== undefined && !isAcceptablePassword(config.ADMIN_PASSWORD)) {
    throw new ConfigError([{ variable: 'ADMIN_PASSWORD', expected: '8 to 72 UTF-8 bytes', received: '(hidden)' }])
  }
  if (config.SIGNING_KEY_FILE !== undefined && config.SIGNING_KEY_FILES !== undefined) {
    throw new ConfigError([{ variable: 'SIGNING_KEY_FILES', expected: 'not to be set together with SIGNING_KEY_FILE', received: '(a list)' }])
  }
  if (config.SIGNING_KEY_PUBLISH_AHEAD < 2 * config.JWKS_MAX_AGE) {
    throw new ConfigError([{ variable: 'SIGNING_KEY_PUBLISH_AHEAD', expected: `at least twice JWKS_MAX_AGE (${config.JWKS_MAX_AGE}s), so that every JWKS cache holds a key before it signs`, received: `${config.SIGNING_KEY_PUBLISH_AHEAD}s` }])
  }
  if (config.NODE_ENV === 'production' && config.KEY_ENCRYPTION_SECRET === undefined && config.SIGNING_KEY_FILE === undefined && config.SIGNING_KEY_FILES === undefined) {
    throw new ConfigError([{ variable: 'KEY_ENCRYPTION_SECRET', expected: 'a secret of at least 32 characters when NODE_ENV=production (it encrypts the signing keys in MongoDB)', received: undefined }])
  }
  // REDIS_URL carries whichever deployment the variables name: one server, a Sentinel set or a Cluster (issue 15).
  const redis = redisTargetFromEnv(env)
  return {
    ...config,
    ISSUER_URL: config.ISSUER_URL.replace(/\/+$/, ''),
    REDIS_URL: formatRedisAddress(redis),
    REDIS_REVOCATION_REPLICAS: config.REDIS_REVOCATION_REPLICAS ?? (hasReplicas(redis) ? 1 : 0),
  }
}
