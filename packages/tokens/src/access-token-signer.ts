import { randomUUID } from 'node:crypto'
import { SignJWT } from 'jose'
import { ACCESS_TOKEN_ALG, ACCESS_TOKEN_TYPE, type AccessTokenClaims } from '@authpair/verifier'
import type { SigningKey } from './signing-key.js'

export interface AccessTokenSignerOptions {
  /** The key, or a function that returns the key that signs now (keys rotate, issue 13). */
  key: SigningKey | (() => SigningKey)
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
  /** The `email_verified` claim (issue 14); false when not given. */
  emailVerified?: boolean
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

/** An access-token signer bound to one issuer and to its current key. */
export function createAccessTokenSigner(options: AccessTokenSignerOptions): AccessTokenSigner {
  const { key: keyOption } = options
  const currentKey = typeof keyOption === 'function' ? keyOption : () => keyOption
  return {
    async sign(subject, now = Math.floor(Date.now() / 1000)) {
      const key = currentKey()
      const header = { alg: ACCESS_TOKEN_ALG, typ: ACCESS_TOKEN_TYPE, kid: key.kid }
      // The whole claim set as the verifier defines it: a claim missing here, or one too many, does not compile.
      const claims: AccessTokenClaims = {
        iss: options.issuer,
        aud: options.audience,
        sub: subject.userId,
        sid: subject.sessionId,
        jti: randomUUID(),
        client_id: options.clientId,
        iat: now,
        nbf: now,
        exp: now + options.ttlSeconds,
        roles: [...subject.roles],
        email: subject.email,
        email_verified: subject.emailVerified ?? false,
      }
      const token = await new SignJWT({ ...claims }).setProtectedHeader(header).sign(key.privateKey)
      return { token, expiresIn: options.ttlSeconds }
    },
  }
}
