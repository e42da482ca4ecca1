import { closeRedisClient, createClusterClient, createRedisClient, type RedisClient } from './redis-client.js'
import { parseRedisAddress } from './redis-target.js'

/**
 * The key-set announcement (docs/VERIFYING.md, issue 13): the issuer increments `<prefix>keyset` and publishes the new
 * version on the channel of the same name whenever the published keys change. One definition for writer and readers.
 */
export const keySetKey = (keyPrefix: string): string => `${keyPrefix}keyset`

/** Announces a key-set change: bump the version, then tell the subscribers (atomic, one round trip). */
export async function announceKeySetChange(redis: RedisClient, keyPrefix: string): Promise<void> {
  const key = keySetKey(keyPrefix)
  await redis.multi().incr(key).publish(key, 'changed').exec()
}

export interface KeySetWatcherOptions {
  url: string
  keyPrefix: string
  /** Refetch the JWKS now (the caller's key source). */
  refresh: () => Promise<void>
  /** While the subscription is down, how often the version key is read instead. Default 1 s. */
  pollMs?: number
  onError?: (error: unknown) => void
}

// On a Cluster, classic pub/sub reaches every node, so a subscription on any one of them hears the issuer (issue 15).
function connect(url: string, connectionName: string, subscriber: boolean): RedisClient {
  if (parseRedisAddress(url).mode === 'cluster') return createClusterClient({ url, connectionName, lazyConnect: false })
  return createRedisClient({ url, connectionName, lazyConnect: false, ...(subscriber && { overrides: { enableOfflineQueue: true } }) })
}

export interface KeySetWatcher {
  close(): Promise<void>
}

/**
 * Refetches the JWKS at once when the issuer announces a change. Redis work follows key changes, not requests: one
 * subscription per verifier; only while it is down is the version key read, once per `pollMs`, so no change is missed.
 */
export function watchKeySet(options: KeySetWatcherOptions): KeySetWatcher {
  const key = keySetKey(options.keyPrefix)
  const onError = options.onError ?? (() => undefined)
  const refresh = () => options.refresh().catch(onError)
  const subscriber = connect(options.url, 'authpair-keyset', true)
  const reader = connect(options.url, 'authpair-keyset-poll', false)
  let version: string | null | undefined
  subscriber.on('message', (channel: string) => {
    if (channel === key) void refresh()
  })
  // Resubscribed: a change may have happened while the link was down, so fetch once (the first time, the caller's
  // start-up fetch covers it).
  let subscribedBefore = false
  subscriber.on('ready', () => {
    subscriber.subscribe(key).then(() => {
      if (subscribedBefore) void refresh()
      subscribedBefore = true
    }, onError)
  })
  const timer = setInterval(() => {
    if (subscriber.status === 'ready') return
    reader.get(key).then((now) => {
      if (version !== undefined && now !== version) void refresh()
      version = now
    }, onError)
  }, options.pollMs ?? 1000)
  timer.unref()
  return {
    async close() {
      clearInterval(timer)
      await Promise.all([closeRedisClient(subscriber), closeRedisClient(reader)])
    },
  }
}
