import { ConfigError } from '@authpair/config'
import { formatRedisAddress, readRedisTarget, RedisTargetError, type RedisTarget } from '@authpair/verifier/redis'

/**
 * The deployment that REDIS_URL, REDIS_SENTINELS + REDIS_SENTINEL_NAME or REDIS_CLUSTER_NODES name (exactly one;
 * issue 15), as the one address string the services pass along as their REDIS_URL setting.
 * @throws ConfigError naming the variables to fix.
 */
export function redisAddressFromEnv(env: NodeJS.ProcessEnv): string {
  return formatRedisAddress(redisTargetFromEnv(env))
}

/** `readRedisTarget` with its errors as the ConfigError every service reports at start. */
export function redisTargetFromEnv(env: NodeJS.ProcessEnv): RedisTarget {
  try {
    return readRedisTarget(env)
  } catch (error) {
    if (!(error instanceof RedisTargetError)) throw error
    throw new ConfigError(error.variables.map((variable) => ({ variable, expected: error.message, received: env[variable] === undefined ? undefined : 'set' })))
  }
}
