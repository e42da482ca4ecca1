import type { FastifyInstance } from 'fastify'
import type { IssuerConfig } from '../config.js'
import type { KeySchedule, KeySet } from './key-ring.js'
import { loadIssuerKeys } from './load-issuer-keys.js'

/**
 * How often an issuer reads the key set and makes due transitions. FerretDB has no change streams, so every issuer
 * polls: one small read a second, whatever the traffic, keeps "signs with the new current key within 5 s" (issue 13).
 */
export const KEY_POLL_MS = 1000

/** The key set an issuer signs with now; replaced by the poll. */
export interface LiveKeySet {
  set: KeySet
}

/** Loads the keys and, for keys in MongoDB, runs the schedule on a timer that stops when the app closes. */
export async function startKeySchedule(app: FastifyInstance, config: IssuerConfig, now: () => number): Promise<LiveKeySet> {
  const { keySet, ring } = await loadIssuerKeys(app.stores.db, config, now, {
    warn: (message) => app.log.warn(message),
    transition: (transition) => app.log.info(transition, 'signing key transition'),
  })
  const live: LiveKeySet = { set: keySet }
  if (!ring) return live
  const schedule: KeySchedule = {
    rotation: config.SIGNING_KEY_ROTATION,
    publishAhead: config.SIGNING_KEY_PUBLISH_AHEAD,
    // The last token of a key that stopped signing: its lifetime, the verifiers' clock tolerance, a JWKS cache's age,
    // and the poll lag during which another issuer may still have signed with it.
    retireAfter: config.ACCESS_TOKEN_TTL + config.CLOCK_TOLERANCE + config.JWKS_MAX_AGE + Math.ceil((5 * KEY_POLL_MS) / 1000),
  }
  await ring.advance(schedule)
  live.set = await ring.load()
  let running = false
  const timer = setInterval(() => {
    if (running) return
    running = true
    ring
      .advance(schedule)
      .then(() => ring.load())
      .then((set) => { live.set = set }, (error: unknown) => app.log.warn({ err: error }, 'signing keys: the poll failed; the keys held stay in use'))
      .finally(() => { running = false })
  }, KEY_POLL_MS)
  timer.unref()
  app.addHook('onClose', async () => clearInterval(timer))
  return live
}
