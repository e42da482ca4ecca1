import { randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import { ACCESS_TOKEN_ALG, ACCESS_TOKEN_TYPE } from '@authpair/contract'
import type { SigningKey } from './signing-key.js'

export interface AccessTokenSignerOptions {
  key: SigningKey
  issuer: string
  audience: string
  /** `client_id` (RFC 9068 section 2.2): the client the tokens are issued to. */
  clientId: string
  ttlSeconds: number
}

/** Whom a token is for. */
export interface AccessTokenSubject {
  userId: string
  sessionId: string
  email: string
  roles: readonly string[]
}

export interface SignedAccessToken {
  token: string
  expiresIn: number
}

export interface AccessTokenSigner {
  /** Signs an RS256 `at+jwt` for the subject, valid from `now` (seconds) for the configured lifetime. */
  sign(subject: AccessTokenSubject, now?: number): Promise<SignedAccessToken>
}

/** An access-token signer bound to one key and one issuer. */
export function createAccessTokenSigner(options: AccessTokenSignerOptions): AccessTokenSigner {
  const header = { alg: ACCESS_TOKEN_ALG, typ: ACCESS_TOKEN_TYPE, kid: options.key.kid }
  return {
    async sign(subject, now = Math.floor(Date.now() / 1000)) {
      const token = await new SignJWT({
        sid: subject.sessionId,
        client_id: options.clientId,
        roles: [...subject.roles],
        email: subject.email,
      })
        .setProtectedHeader(header)
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setSubject(subject.userId)
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + options.ttlSeconds)
        .sign(options.key.privateKey)
      return { token, expiresIn: options.ttlSeconds }
    },
  }
}
