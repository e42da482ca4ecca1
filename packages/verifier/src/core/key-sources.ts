import { createLocalJWKSet, createRemoteJWKSet, customFetch, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose'
import { createJwksFetch, type JwksFetchOutcome } from './jwks-fetch.js'

/** Why a JWKS fetch happened. */
export type JwksFetchCause = 'start' | 'schedule' | 'announcement' | 'unknown_kid'

/** Where a verifier finds public keys: a function jose calls with the token's header. */
export type KeySource = JWTVerifyGetKey

/** A key source that fetches from a JWKS URL, with a lifecycle. */
export interface RemoteKeySource {
  readonly getKey: KeySource
  /** Resolves once keys were loaded at least once (for readiness). */
  readonly loaded: () => boolean
  /** Loads the keys now; `cause` names why, for `onFetchCause`. @throws UnavailableError('jwks') when the JWKS cannot be fetched. */
  refresh(cause?: JwksFetchCause): Promise<void>
  /** Stops the background refresh. */
  close(): void
}

export interface RemoteKeySourceOptions {
  /** How often to refetch in the background, in ms, to pick up added and removed keys. Default 5 minutes. */
  refreshIntervalMs?: number
  /** The least time between refetches caused by an unknown `kid`, in ms. Default 30 s. */
  cooldownMs?: number
  /** Timeout of one fetch, in ms. Default 3 s. */
  timeoutMs?: number
  /** Told about background refresh failures (the keys held stay in use). */
  onRefreshError?: (error: unknown) => void
  /** Told about every JWKS fetch (start, background, unknown `kid`) and whether it got a 200 with JSON. */
  onFetch?: (outcome: JwksFetchOutcome) => void
  /** Told why each JWKS fetch happened (issue 13: at start, on the schedule, on an announcement, on an unknown `kid`). */
  onFetchCause?: (cause: JwksFetchCause) => void
  /** Told when a background refresh finds keys removed: tokens they signed must not stay trusted. */
  onKeysRemoved?: () => void
}

/**
 * Keys from the issuer's JWKS URL, on jose's remote key set (shared in-flight fetches, cooldown on unknown `kid`).
 * jose refetches on every verification once its cache is stale and fails while the issuer is down; keys must keep
 * working then, so the cache never goes stale (`cacheMaxAge: Infinity`) and a background timer refreshes instead.
 */
export function remoteKeySource(jwksUrl: string | URL, options: RemoteKeySourceOptions = {}): RemoteKeySource {
  const remote = createRemoteJWKSet(new URL(jwksUrl), {
    cacheMaxAge: Number.POSITIVE_INFINITY,
    cooldownDuration: options.cooldownMs ?? 30_000,
    timeoutDuration: options.timeoutMs ?? 3000,
    [customFetch]: createJwksFetch((outcome) => {
      options.onFetchCause?.(cause)
      options.onFetch?.(outcome)
    }),
  })
  // jose fetches by itself only for an unknown `kid`; our own reloads name their cause while they run.
  let cause: JwksFetchCause = 'unknown_kid'
  const kids = () => new Set((remote.jwks()?.keys ?? []).map((key) => key.kid))
  // Every reload, scheduled or announced, tells whether keys left the set (a revoked key, issue 13).
  const reload = async (why: JwksFetchCause = 'start') => {
    const before = kids()
    cause = why
    try {
      await remote.reload()
    } finally {
      cause = 'unknown_kid'
    }
    const after = kids()
    if ([...before].some((kid) => !after.has(kid))) options.onKeysRemoved?.()
  }
  const timer = setInterval(() => {
    reload('schedule').catch((error: unknown) => options.onRefreshError?.(error))
  }, options.refreshIntervalMs ?? 300_000)
  timer.unref()
  return {
    getKey: remote,
    loaded: () => remote.jwks() !== undefined,
    refresh: reload,
    close: () => clearInterval(timer),
  }
}

/** Keys known in-process, for the issuer verifying its own tokens without a round trip to itself. */
export function localKeySource(jwks: JSONWebKeySet): KeySource {
  return createLocalJWKSet(jwks)
}
