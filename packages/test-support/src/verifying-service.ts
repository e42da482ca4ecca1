import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { SignJWT, type JWTPayload } from 'jose'
import { captureLogs, type LogCapture } from './log-capture.js'
import { testStores, type TestStores } from './test-stores.js'
import { startTrustedIssuer, type Teardowns, type TrustedIssuer } from './trusted-issuer.js'

export const AUDIENCE = 'authpair-api'
export const USER_ID = 'a1b2c3d4e5f60718293a4b5c'

/**
 * A live session as the issuer stores it: the fields of @authpair/sessions' `NewSession`, which this package cannot
 * import (sessions' tests use this package). `SessionCreator.create` is a property, so its parameter is checked
 * contravariantly: a field `NewSession` gains makes `sessions: createRedisSessionStore` fail to compile.
 */
export interface TestSession {
  id: string
  userId: string
  createdAt: number
  lastUsedAt: number
  expiresAt: number
  userAgent: string
  ip: string
  refreshTokenHash: string
}

/** The issuer's session store, as far as a test needs it: `createRedisSessionStore` of @authpair/sessions. */
export interface SessionCreator {
  create: (session: TestSession) => Promise<unknown>
}

/** How to build the service under test, given the isolated stores and the trusted issuer. */
export interface VerifyingServiceOptions<Config, App> {
  build(setting: { stores: TestStores; issuer: TrustedIssuer; logs: LogCapture }): Promise<{ app: App; config: Config }>
  /** The session store on the test's Redis and prefix (this package cannot import @authpair/sessions: a cycle). */
  sessions(redis: Redis, keyPrefix: string): SessionCreator
}

/** A service that verifies the trusted issuer's tokens, with what a test needs to call it. */
export interface VerifyingService<Config, App> {
  app: App
  config: Config
  stores: TestStores
  issuer: TrustedIssuer
  redis: Redis
  logs: LogCapture
  /** A live session in the shared Redis, as the issuer would have made it. */
  openSession(userId?: string): Promise<string>
  /** Signs a token with the trusted key: valid unless the overrides say otherwise. */
  mint(claims?: JWTPayload, header?: Record<string, unknown>): Promise<string>
  /** A valid token of a live session of its `sub`. */
  validToken(claims?: JWTPayload): Promise<string>
}

/**
 * Starts a trusted issuer and the service `build` makes on isolated stores; at teardown closes it, cleans the
 * stores and fails the test when the logs show a server error.
 */
export async function startVerifyingService<Config extends { REDIS_URL: string }, App extends { close(): Promise<unknown> }>(
  t: Teardowns & { name: string },
  options: VerifyingServiceOptions<Config, App>,
): Promise<VerifyingService<Config, App>> {
  const issuer = await startTrustedIssuer(t)
  const stores = testStores(t.name)
  const logs = captureLogs()
  const { app, config } = await options.build({ stores, issuer, logs })
  // The service's Redis, which a test may have chosen (REDIS_URL) over the shared one.
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 })
  const sessions = options.sessions(redis, stores.keyPrefix)
  t.teardown(async () => {
    await app.close()
    redis.disconnect()
    await stores.cleanup()
  })
  t.teardown(() => {
    const errors = logs.serverErrors()
    if (errors.length > 0) throw new Error(`the logs show server errors: ${JSON.stringify(errors.slice(0, 3))}`)
  })
  const service: VerifyingService<Config, App> = {
    app, config, stores, issuer, redis, logs,
    async openSession(userId = USER_ID) {
      // Shaped like the issuer's session ids (128 random bits); the refresh token is never presented.
      const id = randomBytes(16).toString('base64url')
      const now = Date.now()
      const refreshTokenHash = randomBytes(32).toString('base64url')
      await sessions.create({ id, userId, createdAt: now, lastUsedAt: now, expiresAt: now + 3_600_000, userAgent: 'test', ip: '127.0.0.1', refreshTokenHash })
      return id
    },
    async mint(claims = {}, header = {}) {
      const now = Math.floor(Date.now() / 1000)
      const payload = {
        iss: issuer.url, aud: AUDIENCE, sub: USER_ID, jti: 'jti-1', iat: now, nbf: now, exp: now + 900,
        sid: 'none', roles: ['user'], email: 'ada@example.com', client_id: 'authpair', ...claims,
      }
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: issuer.kid, ...header })
        .sign(issuer.key.privateKey)
    },
    async validToken(claims = {}) {
      // The session is the token's user's: a session of another user refuses it (issue 11).
      const sid = await service.openSession(typeof claims.sub === 'string' ? claims.sub : undefined)
      return service.mint({ sid, ...claims })
    },
  }
  return service
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` }
}
