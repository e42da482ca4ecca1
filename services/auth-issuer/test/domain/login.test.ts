import t from 'tap'
import { AppError } from '@authpair/errors'
import { login } from '../../src/domain/login.js'
import type { IssuerContext, PasswordHasher, UserRecord, UserRepository } from '../../src/domain/ports.js'

// Counts the bcrypt work each login does: an unknown email must cost what a wrong password costs.
function countingHasher(): PasswordHasher & { verifications: number } {
  const hasher = {
    verifications: 0,
    hash: async (password: string) => `hash:${password}`,
    verify: async (password: string, hash: string) => {
      hasher.verifications += 1
      return hash === `hash:${password}`
    },
    verifyNothing: async () => {
      hasher.verifications += 1
      return false as const
    },
  }
  return hasher
}

const user: UserRecord = {
  id: 'a'.repeat(24),
  email: 'ada@example.com',
  passwordHash: 'hash:correct horse',
  name: 'Ada',
  roles: ['user'],
  disabled: false,
  emailVerified: false,
  createdAt: new Date(0),
  updatedAt: new Date(0),
  version: 0,
}

function contextWith(passwords: PasswordHasher): IssuerContext {
  const users = { findByEmail: async (email: string) => (email === user.email ? user : undefined) } as UserRepository
  const attempt = { succeeded: async () => undefined, failed: async () => undefined, release: async () => undefined }
  const loginThrottle = { reserve: async () => attempt, reservePasswordCheck: async () => attempt }
  return { users, passwords, loginThrottle } as unknown as IssuerContext
}

const client = { userAgent: 'test', ip: '127.0.0.1' }

t.test('an unknown email and a wrong password each cost exactly one verification and fail alike', async (t) => {
  for (const credentials of [
    { email: 'nobody@example.com', password: 'correct horse' },
    { email: 'ada@example.com', password: 'wrong horse' },
    { email: 'ada@example.com', password: 'x'.repeat(73) },
  ]) {
    const passwords = countingHasher()
    const error = await login(contextWith(passwords), credentials, client).catch((e: unknown) => e)
    t.ok(error instanceof AppError && error.code === 'invalid_credentials', credentials.email)
    t.equal(passwords.verifications, 1, `one verification for ${credentials.email}`)
  }
})
