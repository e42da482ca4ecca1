import type { SessionStore } from '@authpair/sessions'
import type { AccessTokenSigner } from '@authpair/tokens'
import type { LoginThrottle } from './login-throttle.js'

/** A user as the issuer keeps it. */
export interface UserRecord {
  id: string
  /** Trimmed and lowercased; unique. */
  email: string
  passwordHash: string
  name: string
  firstName?: string
  lastName?: string
  phone?: string
  roles: string[]
  disabled: boolean
  /** The current address was confirmed from a mail (issue 14); false for users from before. */
  emailVerified: boolean
  createdAt: Date
  updatedAt: Date
  /** Raised by every write of the user: what a cached copy is keyed by (see withUserChange). */
  version: number
}

export type NewUser = Omit<UserRecord, 'id'>

export interface UserPage {
  total: number
  items: UserRecord[]
}

export interface UserChanges {
  roles?: string[]
  disabled?: boolean
  email?: string
}

/** The user behind a session, for refresh. */
export interface SessionUserReader {
  /**
   * The user as MongoDB holds it. May answer from memory when `version` (the session's `userVersion`) is the
   * version remembered: every write of a user raises its version, so a remembered version never changes.
   */
  find(id: string, version: number | undefined): Promise<UserRecord | undefined>
}

/**
 * Where users live. Each method is one atomic single-document operation; the store guarantees one user per
 * email (a unique index), so concurrent signups for one email create exactly one user.
 */
export interface UserRepository {
  /** @throws AppError('email_taken') when the email is taken. */
  insert(user: NewUser): Promise<UserRecord>
  findByEmail(email: string): Promise<UserRecord | undefined>
  findById(id: string): Promise<UserRecord | undefined>
  /** Sets the password hash; returns the user after it, or undefined when there is no such user. */
  setPasswordHash(id: string, passwordHash: string, now: Date): Promise<UserRecord | undefined>
  /** Users in creation order, `perPage` at a time. */
  list(page: number, perPage: number): Promise<UserPage>
  /** Applies the changes and returns the user as it is after them, or undefined when there is no such user. */
  update(id: string, changes: UserChanges, now: Date): Promise<UserRecord | undefined>
  /** Marks the email verified, only while it is still `email`; undefined otherwise (the address changed). */
  markEmailVerified(id: string, email: string, now: Date): Promise<UserRecord | undefined>
  /**
   * Changes the email from `from` (only while it is still that) to `to`, verified; undefined when it changed.
   * @throws AppError('email_taken') when `to` has an account.
   */
  changeEmail(id: string, from: string, to: string, now: Date): Promise<UserRecord | undefined>
  /** Adds a role to the user; returns the user after it, or undefined when there is no such user. */
  addRole(id: string, role: string, now: Date): Promise<UserRecord | undefined>
}

/** Password hashing that never blocks the event loop. Hashes are bcrypt (`$2b$`). */
export interface PasswordHasher {
  hash(password: string): Promise<string>
  verify(password: string, hash: string): Promise<boolean>
  /** Spends the time of one `verify` against a hash of the same cost, and returns false: for unknown emails. */
  verifyNothing(password: string): Promise<false>
}

/** Lifetimes and limits of sessions, in seconds unless named otherwise. */
export interface SessionSettings {
  accessTokenTtl: number
  refreshTokenTtl: number
  reuseGraceMs: number
  /** Live sessions a user may have; a login past it ends the oldest (0: no cap). */
  maxSessionsPerUser: number
  /** REQUIRE_VERIFIED_EMAIL: an unverified account cannot log in. */
  requireVerifiedEmail?: boolean
}

/** Where a request came from, as stored with its session. */
export interface ClientInfo {
  userAgent: string
  ip: string
}

/** Everything the issuer's operations need; built once at start. */
export interface IssuerContext {
  users: UserRepository
  /** The users behind live sessions, for refresh (see createSessionUserCache). */
  sessionUsers: SessionUserReader
  sessions: SessionStore
  passwords: PasswordHasher
  signer: AccessTokenSigner
  loginThrottle: LoginThrottle
  settings: SessionSettings
  /** Milliseconds since the epoch. */
  now: () => number
}
