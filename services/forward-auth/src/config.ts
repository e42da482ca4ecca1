import { Type, type StaticDecode } from '@sinclair/typebox'
import { Port, loadEnv } from '@authpair/config'
import { httpEnv } from '@authpair/http'
import { redisAddressFromEnv, storesEnv } from '@authpair/stores'
import { resolveVerificationConfig, verificationEnv } from '@authpair/verification'

/** The forward-auth service's environment; defaults suit the local stack. No MongoDB: it reads only Redis. */
export const ForwardAuthEnvSchema = Type.Object({
  /** Port to listen on. */
  FORWARD_AUTH_PORT: Port(4002),
  /** The issuer, its keys, and how sessions are checked (shared with the resource service: packages/verification). */
  ...verificationEnv,
  /** Interface to listen on. */
  HOST: httpEnv.HOST,
  /** Pino log level. */
  LOG_LEVEL: httpEnv.LOG_LEVEL,
  /** Which proxies may set X-Forwarded-For: the gateway in front (see packages/http). */
  TRUST_PROXY: httpEnv.TRUST_PROXY,
  /** How long a client may take to send a whole request. No CORS_ORIGINS: gateways call it, browsers do not. */
  REQUEST_TIMEOUT: httpEnv.REQUEST_TIMEOUT,
  /** The Redis that holds sessions, shared with the issuer. */
  REDIS_URL: storesEnv.REDIS_URL,
  /** Or a Sentinel set, or a Cluster (exactly one of the three; issue 15). */
  REDIS_SENTINELS: storesEnv.REDIS_SENTINELS,
  REDIS_SENTINEL_NAME: storesEnv.REDIS_SENTINEL_NAME,
  REDIS_CLUSTER_NODES: storesEnv.REDIS_CLUSTER_NODES,
  /** Prefix of every Redis key; the issuer's REDIS_KEY_PREFIX. */
  REDIS_KEY_PREFIX: storesEnv.REDIS_KEY_PREFIX,
})

export type ForwardAuthConfig = StaticDecode<typeof ForwardAuthEnvSchema> & { JWKS_URL: string }

/**
 * Reads and checks the environment once, at start.
 * @throws ConfigError naming each bad variable.
 */
export function loadForwardAuthConfig(env: NodeJS.ProcessEnv): ForwardAuthConfig {
  // REDIS_URL carries whichever deployment the variables name: one server, a Sentinel set or a Cluster (issue 15).
  return { ...resolveVerificationConfig(loadEnv(ForwardAuthEnvSchema, env), env), REDIS_URL: redisAddressFromEnv(env) }
}
