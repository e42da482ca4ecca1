export { createSessionId, createRefreshToken, sessionOfRefreshToken, hashRefreshToken, type RefreshTokenSession } from './refresh-token.js'
export { sealSuccessor, openSuccessor } from './successor-seal.js'
export type { SessionRecord, NewSession, Successor, RotationResult, SessionStore } from './session-store.js'
export { createRedisSessionStore, SESSION_SCRIPTS } from './redis-session-store.js'
