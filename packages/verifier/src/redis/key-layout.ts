import { setTimeout as sleep } from 'node:timers/promises'
import type { RedisClient } from './redis-client.js'
import { DEFAULT_KEY_PREFIX, KEY_LAYOUT_VERSION, sessionKeys } from '../core/session-keys.js'
import { guardRedis } from './guard-redis.js'

/** The issuer's key-layout marker is missing or of another version: the verifier is misconfigured (issue 12). */
export class KeyLayoutError extends Error {
  readonly code = 'ERR_KEY_LAYOUT'

  constructor(message: string) {
    super(message)
    this.name = 'KeyLayoutError'
  }
}

export interface KeyLayoutCheckOptions {
  /** The verifier's key prefix: the issuer's REDIS_KEY_PREFIX. Default `authpair:`. */
  keyPrefix?: string
  /** How long to wait for an issuer that starts at the same time to write the marker, in ms. Default 10 s. */
  waitMs?: number
}

const POLL_MS = 200

/**
 * Checks that an issuer of this key layout writes under the prefix, waiting a little for one that is starting.
 * Without it, a wrong prefix or Redis refuses every token as "the session has ended", which reads as a revocation.
 * @throws KeyLayoutError naming REDIS_KEY_PREFIX when the marker stays missing or names another layout version;
 * @throws UnavailableError when Redis cannot answer.
 */
export async function checkKeyLayout(client: RedisClient, options: KeyLayoutCheckOptions = {}): Promise<void> {
  const prefix = options.keyPrefix ?? DEFAULT_KEY_PREFIX
  const key = sessionKeys(prefix).layout
  const deadline = Date.now() + (options.waitMs ?? 10_000)
  for (;;) {
    const version = await guardRedis(() => client.get(key))
    if (version === KEY_LAYOUT_VERSION) return
    if (version !== null) {
      throw new KeyLayoutError(
        `The issuer writing under the Redis key prefix "${prefix}" uses key layout ${version}; this verifier reads ` +
          `layout ${KEY_LAYOUT_VERSION}. Upgrade the verifier and the issuer together.`,
      )
    }
    if (Date.now() >= deadline) {
      throw new KeyLayoutError(
        `No authpair issuer writes under the Redis key prefix "${prefix}" (the key "${key}" is missing). Set ` +
          "REDIS_KEY_PREFIX (the verifier's keyPrefix) to the issuer's REDIS_KEY_PREFIX, point REDIS_URL at the " +
          "issuer's Redis, or start the issuer first.",
      )
    }
    await sleep(POLL_MS)
  }
}

/** Writes the marker a verifier looks for (the issuer does, at start and then every minute). */
export async function writeKeyLayout(client: RedisClient, keyPrefix: string = DEFAULT_KEY_PREFIX): Promise<void> {
  await guardRedis(() => client.set(sessionKeys(keyPrefix).layout, KEY_LAYOUT_VERSION))
}
