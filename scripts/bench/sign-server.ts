// The `sign_only` ceiling of refresh: one RS256 access token signed per request, with the claims and the jose
// calls of packages/tokens, and an RSA-2048 key generated once at start. No store is asked.
import { randomUUID } from 'node:crypto'
import { SignJWT, calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose'
import { createHelperApp, serve } from './helper-app.js'

const TTL_SECONDS = 900
const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 })
const header = { alg: 'RS256', typ: 'at+jwt', kid: await calculateJwkThumbprint(await exportJWK(publicKey)) }

function sign(now: number): Promise<string> {
  return new SignJWT({ sid: randomUUID(), client_id: 'authpair', roles: ['user'], email: 'sign-only@example.com' })
    .setProtectedHeader(header)
    .setIssuer('http://127.0.0.1')
    .setAudience('authpair-api')
    .setSubject('0123456789abcdef01234567')
    .setJti(randomUUID())
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + TTL_SECONDS)
    .sign(privateKey)
}

const app = createHelperApp()
app.post('/sign', async () => ({
  access_token: await sign(Math.floor(Date.now() / 1000)),
  token_type: 'Bearer',
  expires_in: TTL_SECONDS,
}))
await serve(app)
