import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Redis } from 'ioredis'
import { SignJWT, exportJWK, generateKeyPair, type JWTPayload, type JWK } from 'jose'
import type { Test } from 'tap'
import type { App } from '@authpair/http'
import { createRedisSessionStore, createRefreshToken, createSessionId, hashRefreshToken } from '@authpair/sessions'
import { captureLogs, testStores, type LogCapture, type TestStores } from '@authpair/test-support'
import { buildResourceApp } from '../src/app.js'
import { loadResourceConfig, type ResourceConfig } from '../src/config.js'

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>

/** A stand-in issuer: an RSA key, its JWKS served over HTTP, and a count of JWKS fetches. */
export interface TrustedIssuer {
  url: string
  key: KeyPair
  kid: string
  publicJwk: JWK
  fetches: number
  /** Adds a key to the published JWKS. */
  publish(jwk: JWK): void
  stop(): Promise<void>
  start(): Promise<void>
}

export async function startTrustedIssuer(t: Test): Promise<TrustedIssuer> {
  const key = await generateKeyPair('RS256', { extractable: true })
  const publicJwk = { ...(await exportJWK(key.publicKey)), kid: 'test-key-1', use: 'sig', alg: 'RS256' }
  const keys: JWK[] = [publicJwk]
  let server: Server | undefined
  let port = 0
  const issuer: TrustedIssuer = {
    url: '',
    key,
    kid: publicJwk.kid,
    publicJwk,
    fetches: 0,
    publish: (jwk) => keys.push(jwk),
    async start() {
      server = createServer((request, response) => {
        issuer.fetches += 1
        response.setHeader('content-type', 'application/json')
        response.end(JSON.stringify({ keys }))
      })
      await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve))
      port = (server.address() as AddressInfo).port
      issuer.url = `http://127.0.0.1:${port}`
    },
    async stop() {
      server?.closeAllConnections()
      await new Promise((resolve) => server?.close(resolve))
      server = undefined
    },
  }
  await issuer.start()
  t.teardown(() => issuer.stop())
  return issuer
}

export interface TestResource {
  app: App
  config: ResourceConfig
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

export const AUDIENCE = 'authpair-api'
export const USER_ID = 'a1b2c3d4e5f60718293a4b5c'

export async function startResource(t: Test, env: Record<string, string> = {}): Promise<TestResource> {
  const issuer = await startTrustedIssuer(t)
  const stores = testStores(t.name)
  const config = loadResourceConfig({
    MONGO_URL: stores.mongoUrl,
    REDIS_URL: stores.redisUrl,
    REDIS_KEY_PREFIX: stores.keyPrefix,
    ISSUER_URL: issuer.url,
    ...env,
  })
  const logs = captureLogs()
  const app = await buildResourceApp(config, { logLevel: 'info', logStream: logs.stream })
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 })
  const sessions = createRedisSessionStore(redis, stores.keyPrefix)
  t.teardown(async () => {
    await app.close()
    redis.disconnect()
    await stores.cleanup()
  })
  t.teardown(() => {
    const errors = logs.serverErrors()
    if (errors.length > 0) throw new Error(`the logs show server errors: ${JSON.stringify(errors.slice(0, 3))}`)
  })

  const resource: TestResource = {
    app, config, stores, issuer, redis, logs,
    async openSession(userId = USER_ID) {
      const id = createSessionId()
      const now = Date.now()
      await sessions.create({
        id, userId, createdAt: now, lastUsedAt: now, expiresAt: now + 3_600_000,
        userAgent: 'test', ip: '127.0.0.1', refreshTokenHash: hashRefreshToken(createRefreshToken(id)),
      })
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
      const sid = await resource.openSession(typeof claims.sub === 'string' ? claims.sub : undefined)
      return resource.mint({ sid, ...claims })
    },
  }
  return resource
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` }
}
