/**
 * Answers whether a session still lives and is the user's. Must be exact: a revoked session is refused on the very
 * next call. Rejects with `UnavailableError` when it cannot tell (never resolves `true` on doubt).
 */
export interface SessionLiveness {
  /**
   * True only while the session exists and belongs to `userId` (the token's `sub`; the issuer stores it with the
   * session): a correctly signed token naming user A and user B's live session is refused (issue 11).
   */
  isLive(sessionId: string, userId: string): Promise<boolean>
}
