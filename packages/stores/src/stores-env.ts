import { Type } from '@sinclair/typebox'
import { UrlString } from '@authpair/config'

/** The store variables every service reads; the defaults suit a local MongoDB and Redis. */
export const storesEnv = {
  /** MongoDB connection string; its path names the database. */
  MONGO_URL: UrlString(['mongodb', 'mongodb+srv'], {
    default: 'mongodb://127.0.0.1:27017/authpair',
    description: 'a MongoDB URL such as mongodb://127.0.0.1:27017/authpair',
  }),
  /** Redis connection string: the Redis that holds sessions, shared by the issuer and every verifier. */
  REDIS_URL: UrlString(['redis', 'rediss'], { default: 'redis://127.0.0.1:6379', description: 'a Redis URL such as redis://127.0.0.1:6379' }),
  /** A Sentinel set instead of REDIS_URL (issue 15): the sentinels' `host:port,host:port,...`. */
  REDIS_SENTINELS: Type.Optional(Type.String({ minLength: 1, description: 'host:port,host:port,... of the sentinels' })),
  /** The master name the sentinels monitor; required with REDIS_SENTINELS. */
  REDIS_SENTINEL_NAME: Type.Optional(Type.String({ minLength: 1, description: 'the master name the sentinels monitor' })),
  /** A Redis Cluster instead of REDIS_URL (issue 15): some of its nodes' `host:port,host:port,...`. */
  REDIS_CLUSTER_NODES: Type.Optional(Type.String({ minLength: 1, description: 'host:port,host:port,... of cluster nodes' })),
  /** Prefix of every Redis key; the issuer and every verifier must use the same. */
  REDIS_KEY_PREFIX: Type.String({
    default: 'authpair:',
    pattern: '^[A-Za-z0-9:_-]{1,64}$',
    description: 'letters, digits, ":", "_" or "-"',
  }),
}
