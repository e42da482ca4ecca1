/**
 * Counts login attempts per account and per client IP over a window (../shared/API.md, login 429), so the limit
 * holds across issuer instances. An attempt is reserved before the password is checked, so concurrent guesses
 * cannot overshoot the limit and a throttled request costs no bcrypt work.
 */
export interface LoginThrottle {
  /**
   * Reserves one attempt for the account and the IP.
   * @throws TooManyAttemptsError (with the seconds to wait) when either is at its limit.
   */
  reserve(email: string, ip: string): Promise<void>
  /** The attempt succeeded: the account's count starts over, and the IP's attempt is given back. */
  succeeded(email: string, ip: string): Promise<void>
}

