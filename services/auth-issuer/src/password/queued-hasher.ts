import type { PasswordHasher } from '../domain/ports.js'
import type { BcryptQueue } from './bcrypt-queue.js'

/** The hasher with every operation run in this client's turn of the queue (see BcryptQueue). */
export function queuedHasher(hasher: PasswordHasher, queue: BcryptQueue, client: string): PasswordHasher {
  return {
    hash: (password) => queue.run(client, () => hasher.hash(password)),
    verify: (password, hash) => queue.run(client, () => hasher.verify(password, hash)),
    verifyNothing: (password) => queue.run(client, () => hasher.verifyNothing(password)),
  }
}
