/**
 * Counts failed password checks per account, per client IP and per session over a window (../shared/API.md, login
 * 429), in a store shared by every issuer instance. Before a password is checked the attempt is reserved: failures
 * counted plus attempts in flight may not pass the limit, so concurrent guesses cannot overshoot it and a refused
 * request costs no bcrypt work. An attempt beyond the budget waits (bounded) for those in flight to settle rather
 * than being refused, since a right password gives its reservation back (issue 11).
 */
export interface LoginThrottle {
  /**
   * Reserves a login attempt for the account and the IP, waiting a bounded time while attempts in flight fill the
   * budget.
   * @throws TooManyAttemptsError (with the seconds to wait) when the account or the IP has had its failures, the IP
   * its successful logins, or the wait ran out.
   */
  reserve(email: string, ip: string): Promise<ThrottledAttempt>
  /**
   * Reserves a check of the current password from a session (`POST /auth/password`): counted against the account's
   * login budget, so the two endpoints together get no more guesses than login alone, and against the session's
   * own, so a stolen token stops guessing even when the owner's logins clear the account's count.
   * @throws TooManyAttemptsError as `reserve` does.
   */
  reservePasswordCheck(email: string, sessionId: string): Promise<ThrottledAttempt>
  /** Forgets the account's failures: a password reset ends a lockout (issue 14). */
  clearAccount(email: string): Promise<void>
}

/** A reserved attempt; settle it exactly once. */
export interface ThrottledAttempt {
  /** The password was right: the reservation is given back and the account's failures start over. */
  succeeded(): Promise<void>
  /** The password was wrong: the reservation becomes a counted failure. */
  failed(): Promise<void>
  /** The check did not finish (a store failed): the reservation is given back, nothing counted. */
  release(): Promise<void>
}

/**
 * Runs a password check under a reserved attempt and settles it: `undefined` from the check is a failure, a value
 * a success, an error a release (the error is rethrown).
 */
export async function settleAttempt<T>(attempt: ThrottledAttempt, check: () => Promise<T | undefined>): Promise<T | undefined> {
  let result: T | undefined
  try {
    result = await check()
  } catch (error) {
    // A release that fails too (Redis down) leaves the reservation to expire with its lease.
    await attempt.release().catch(() => undefined)
    throw error
  }
  await (result === undefined ? attempt.failed() : attempt.succeeded())
  return result
}
