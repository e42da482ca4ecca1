// Session liveness on the issuer's Redis (ioredis, a peer dependency), and the client factory it connects with.
export { strictSessionLiveness, type StrictLiveness, type StrictLivenessOptions } from './strict-liveness.js'
export { checkKeyLayout, writeKeyLayout, KeyLayoutError, type KeyLayoutCheckOptions } from './key-layout.js'
export { trackedSessionLiveness, type LookupAnswer, type TrackedLiveness, type TrackedLivenessOptions } from './tracked-liveness.js'
export { createRedisSessionLiveness, createRedisSessionOwners, type SessionOwners } from './session-owners.js'
export { createRedisClient, createClusterClient, createDeploymentClient, closeRedisClient, type RedisClient, type RedisClientOptions } from './redis-client.js'
export { readRedisTarget, formatRedisAddress, parseRedisAddress, hasReplicas, RedisTargetError, type RedisTarget, type RedisNodeAddress } from './redis-target.js'
export { guardRedis, isRedisUnavailable } from './guard-redis.js'
export { UnavailableError } from '../core/errors.js'
