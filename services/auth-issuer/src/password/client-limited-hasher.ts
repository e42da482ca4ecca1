import type { PasswordHasher } from '../domain/ports.js'
import type { ClientSlots } from './client-slots.js'

/** The hasher with every operation run in a slot of these clients (see ClientSlots). */
export function clientLimitedHasher(hasher: PasswordHasher, slots: ClientSlots, clients: readonly string[]): PasswordHasher {
  return {
    hash: (password) => slots.run(clients, () => hasher.hash(password)),
    verify: (password, hash) => slots.run(clients, () => hasher.verify(password, hash)),
    verifyNothing: (password) => slots.run(clients, () => hasher.verifyNothing(password)),
  }
}
