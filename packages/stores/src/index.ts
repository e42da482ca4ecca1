// The Redis client factory and guard are the verifier's (it connects to the issuer's Redis on its own): one copy.
export { closeRedisClient, createRedisClient, guardRedis, isRedisUnavailable, type RedisClientOptions } from '@authpair/verifier/redis'
export { createMongoClient, type MongoClientOptions } from './mongo-client.js'
export { guardMongo, isMongoUnavailable } from './unavailable.js'
export { connectRedis, connectMongo, redactUrl, StoreConnectError } from './connect.js'
export { watchRedis, type StoreLogger } from './watch-redis.js'
export { storesEnv } from './stores-env.js'
export { redisAddressFromEnv, redisTargetFromEnv } from './redis-address.js'
