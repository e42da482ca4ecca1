import { randomBytes } from 'node:crypto'
import { hash, verify } from '@node-rs/bcrypt'
import type { PasswordHasher } from '../domain/ports.js'

/**
 * bcrypt through @node-rs/bcrypt, a maintained native binding that hashes on libuv's thread pool: the event loop
 * stays free (about 1 ms held per hash, against about 100 ms for bcryptjs at cost 12) and both cores hash at once.
 * Hashes are standard `$2b$`, so bcryptjs and others verify them, and existing `$2a$`/`$2b$` hashes verify here.
 */
export async function createBcryptHasher(cost: number): Promise<PasswordHasher> {
  // A real hash of the same cost, so an unknown email costs exactly what a wrong password does.
  const decoy = await hash(randomBytes(16).toString('base64url'), cost)
  return {
    hash: (password) => hash(password, cost),
    verify: (password, passwordHash) => verify(password, passwordHash).catch(() => false),
    verifyNothing: async (password) => {
      await verify(password, decoy).catch(() => false)
      return false
    },
  }
}
