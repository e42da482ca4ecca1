import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, type JWK } from 'jose'
import { Redis } from 'ioredis'
import { writeKeyLayout } from '@authpair/verifier/redis'

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>

/** What of a tap `Test` the helpers here use: somewhere to put clean-up. */
export interface Teardowns {
  teardown(fn: () => unknown): void
}

/** A stand-in issuer: an RSA key, its JWKS served over HTTP on loopback, and a count of JWKS fetches. */
export interface TrustedIssuer {
  url: string
  key: KeyPair
  kid: string
  publicJwk: JWK
  fetches: number
  /** Adds a key to the published JWKS. */
  publish(jwk: JWK): void
  /** Writes the key-layout marker under the prefix, as the real issuer does at start (verifiers wait for it). */
  markRedis(redisUrl: string, keyPrefix: string): Promise<void>
  /** Stops serving (the issuer is away); `start` serves again on the same port. */
  stop(): Promise<void>
  start(): Promise<void>
}

/** Starts a trusted issuer on a free loopback port; stopped at teardown. */
export async function startTrustedIssuer(t: Teardowns): Promise<TrustedIssuer> {
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
    async markRedis(redisUrl, keyPrefix) {
      const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 })
      try {
        await writeKeyLayout(redis, keyPrefix)
      } finally {
        redis.disconnect()
      }
    },
    async start() {
      server = createServer((_request, response) => {
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
