import { Type, type StaticDecode } from '@sinclair/typebox'
import { Port, loadEnv } from '@authpair/config'
import { httpEnv } from '@authpair/http'
import { redisAddressFromEnv, storesEnv } from '@authpair/stores'
import { resolveVerificationConfig, verificationEnv } from '@authpair/verification'

/** The resource service's environment; defaults suit the local stack. */
export const ResourceEnvSchema = Type.Object({
  /** Port to listen on. */
  RESOURCE_PORT: Port(4001),
  /** The issuer, its keys, and how sessions are checked (shared with forward-auth: packages/verification). */
  ...verificationEnv,
  ...httpEnv,
  ...storesEnv,
})

export type ResourceConfig = StaticDecode<typeof ResourceEnvSchema> & { JWKS_URL: string }

/**
 * Reads and checks the environment once, at start.
 * @throws ConfigError naming each bad variable.
 */
export function loadResourceConfig(env: NodeJS.ProcessEnv): ResourceConfig {
  // REDIS_URL carries whichever deployment the variables name: one server, a Sentinel set or a Cluster (issue 15).
  return { ...resolveVerificationConfig(loadEnv(ResourceEnvSchema, env), env), REDIS_URL: redisAddressFromEnv(env) }
}
