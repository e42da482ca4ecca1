import { Type, type StaticDecode } from '@sinclair/typebox'
import { Duration, Port, UrlString, loadEnv } from '@authpair/config'
import { httpEnv } from '@authpair/http'
import { storesEnv } from '@authpair/stores'

/** The resource service's environment; defaults suit the local stack. */
export const ResourceEnvSchema = Type.Object({
  /** Port to listen on. */
  RESOURCE_PORT: Port(4001),
  /** The issuer: the `iss` tokens must carry, and where its JWKS is by default. */
  ISSUER_URL: UrlString(['http', 'https'], { default: 'http://127.0.0.1:4000', description: 'the issuer URL (its tokens\' iss)' }),
  /** Where to fetch the issuer's public keys; default `<ISSUER_URL>/.well-known/jwks.json`. */
  JWKS_URL: Type.Optional(UrlString(['http', 'https'], { description: 'an http(s) URL of a JWKS' })),
  /** The `aud` this service accepts. */
  TOKEN_AUDIENCE: Type.String({ default: 'authpair-api', minLength: 1, description: 'a non-empty audience name' }),
  /** Clock skew allowed on `exp` and `nbf`. */
  CLOCK_TOLERANCE: Duration({ default: '5s' }),
  /** How often the JWKS is refetched in the background. */
  JWKS_REFRESH_INTERVAL: Duration({ default: '5m' }),
  /** The least time between JWKS refetches caused by tokens with an unknown `kid` (a rate limit). */
  JWKS_COOLDOWN: Duration({ default: '30s' }),
  ...httpEnv,
  ...storesEnv,
})

export type ResourceConfig = StaticDecode<typeof ResourceEnvSchema> & { JWKS_URL: string }

/**
 * Reads and checks the environment once, at start.
 * @throws ConfigError naming each bad variable.
 */
export function loadResourceConfig(env: NodeJS.ProcessEnv): ResourceConfig {
  const config = loadEnv(ResourceEnvSchema, env)
  const issuer = config.ISSUER_URL.replace(/\/+$/, '')
  return { ...config, ISSUER_URL: issuer, JWKS_URL: config.JWKS_URL ?? `${issuer}/.well-known/jwks.json` }
}
