/**
 * Answers whether a session still lives. Must be exact: a revoked session is refused on the very next call.
 * Rejects with `UnavailableError` when it cannot tell (never resolves `true` on doubt).
 */
export interface SessionLiveness {
  isLive(sessionId: string): Promise<boolean>
}
