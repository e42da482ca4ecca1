export { createSessionId, createRefreshToken, sessionIdOfRefreshToken, hashRefreshToken } from './refresh-token.js'
export { sealSuccessor, openSuccessor } from './successor-seal.js'
export type { SessionRecord, NewSession, Successor, RotationResult, SessionStore } from './session-store.js'
export { createRedisSessionStore } from './redis-session-store.js'
