import type { FastifyInstance } from 'fastify'
import { announceKeySetChange } from '@authpair/verifier/redis'
import type { IssuerConfig } from '../config.js'
import type { KeyRing, KeySchedule, KeySet } from './key-ring.js'
import type { KeyTransition } from './key-states.js'
import { loadIssuerKeys } from './load-issuer-keys.js'

/**
 * How often an issuer reads the key set and makes due transitions. FerretDB has no change streams, so every issuer
 * polls: one small read a second, whatever the traffic, keeps "signs with the new current key within 5 s" (issue 13).
 */
export const KEY_POLL_MS = 1000

/** The key set an issuer signs with now; replaced by the poll. */
export interface LiveKeySet {
  set: KeySet
  /** Absent for SIGNING_KEY_FILE: those keys are managed outside MongoDB. */
  ring?: KeyRing
  schedule?: KeySchedule
  /** Reads the set now (after an admin's transition, so this issuer follows at once). */
  reload(): Promise<void>
  /** Called when keys leave the published set: tokens they signed must not stay trusted in any cache. */
  onKeysRemoved(listener: () => void): void
  /** Called for every transition this process makes (metrics). */
  onTransition(listener: (transition: KeyTransition) => void): void
}

/** Loads the keys and, for keys in MongoDB, runs the schedule on a timer that stops when the app closes. */
export async function startKeySchedule(app: FastifyInstance, config: IssuerConfig, now: () => number): Promise<LiveKeySet> {
  const transitionListeners: ((transition: KeyTransition) => void)[] = []
  const { keySet, ring } = await loadIssuerKeys(app.stores.db, config, now, {
    warn: (message) => app.log.warn(message),
    transition: (transition) => {
      app.log.info(transition, 'signing key transition')
      for (const listener of transitionListeners) listener(transition)
    },
  })
  const listeners: (() => void)[] = []
  const live: LiveKeySet = {
    set: keySet,
    reload: async () => undefined,
    onKeysRemoved: (listener) => listeners.push(listener),
    onTransition: (listener) => transitionListeners.push(listener),
  }
  if (!ring) return live
  const schedule: KeySchedule = {
    rotation: config.SIGNING_KEY_ROTATION,
    publishAhead: config.SIGNING_KEY_PUBLISH_AHEAD,
    // The last token of a key that stopped signing: its lifetime, the verifiers' clock tolerance, a JWKS cache's age,
    // and the poll lag during which another issuer may still have signed with it.
    retireAfter: config.ACCESS_TOKEN_TTL + config.CLOCK_TOLERANCE + config.JWKS_MAX_AGE + Math.ceil((5 * KEY_POLL_MS) / 1000),
  }
  live.ring = ring
  live.schedule = schedule
  live.reload = async () => {
    const before = live.set.published
    live.set = await ring.load()
    const kids = new Set(live.set.published.map((key) => key.kid))
    if (before.some((key) => !kids.has(key.kid))) for (const listener of listeners) listener()
    // Any change (a key added or gone) is announced, so verifiers refetch now. Every issuer that sees the change
    // announces it: a few duplicates per change, never one per request.
    const changed = before.length !== kids.size || before.some((key) => !kids.has(key.kid))
    if (changed) await announceKeySetChange(app.stores.redis, config.REDIS_KEY_PREFIX)
  }
  await ring.advance(schedule)
  await live.reload()
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    ring
      .advance(schedule)
      .then(() => live.reload())
      .then(() => undefined, (error: unknown) => app.log.warn({ err: error }, 'signing keys: the poll failed; the keys held stay in use'))
      .finally(() => { running = false })
  }, KEY_POLL_MS)
  timer.unref()
  app.addHook('onClose', async () => clearInterval(timer))
  return live
}
