import { readFile } from 'node:fs/promises'
import type { Db } from 'mongodb'
import { signingKeyFromPem } from '@authpair/tokens'
import type { IssuerConfig } from '../config.js'
import { createKeyCipher } from './key-encryption.js'
import { createKeyRing, type KeyRing, type KeySet } from './key-ring.js'
import type { KeyTransition } from './key-states.js'
import { createMongoKeyStore } from './mongo-key-store.js'

/** Outside production only: what encrypts the keys when KEY_ENCRYPTION_SECRET is unset. Never secret. */
export const DEVELOPMENT_KEY_SECRET = 'authpair local development secret: not for production'

export interface IssuerKeys {
  keySet: KeySet
  /** Absent for SIGNING_KEY_FILE: those keys are managed outside MongoDB. */
  ring?: KeyRing
}

export interface IssuerKeyLog {
  warn: (message: string) => void
  transition: (transition: KeyTransition) => void
}

/** The issuer's signing keys: from SIGNING_KEY_FILE(S), else from MongoDB (adopting v1 keys, creating the first). */
export async function loadIssuerKeys(db: Db, config: IssuerConfig, now: () => number, log: IssuerKeyLog): Promise<IssuerKeys> {
  const files = config.SIGNING_KEY_FILE ? [config.SIGNING_KEY_FILE] : (config.SIGNING_KEY_FILES ?? '').split(',').map((f) => f.trim()).filter(Boolean)
  if (files.length > 0) {
    // Keys managed elsewhere: the first signs, the rest are published; no schedule, no MongoDB.
    const keys = await Promise.all(files.map(async (file) => signingKeyFromPem(await readFile(file, 'utf8'))))
    const created_at = new Date(now())
    const records = keys.map((key, index) => ({ kid: key.kid, generation: index + 1, state: index === 0 ? ('current' as const) : ('next' as const), created_at }))
    return { keySet: { signing: keys[0]!, published: keys, records } }
  }
  if (config.KEY_ENCRYPTION_SECRET === undefined) log.warn('KEY_ENCRYPTION_SECRET is not set: signing keys are encrypted under a development secret')
  const cipher = createKeyCipher({
    current: config.KEY_ENCRYPTION_SECRET ?? DEVELOPMENT_KEY_SECRET,
    previous: config.KEY_ENCRYPTION_SECRET_PREVIOUS,
  })
  const ring = createKeyRing({ store: await createMongoKeyStore(db), cipher, now, onTransition: log.transition })
  return { keySet: await ring.load(), ring }
}
