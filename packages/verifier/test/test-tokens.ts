// One RS256 key, its JWKS and access tokens of the contract's shape, for the verifier's JWKS tests.
import { SignJWT, exportJWK, generateKeyPair } from 'jose'

export const ISSUER = 'https://issuer.test'
export const AUDIENCE = 'authpair-api'
const key = await generateKeyPair('RS256', { extractable: true })
/** The key set of `mint`'s key, published as `k1`. */
export const jwks = { keys: [{ ...(await exportJWK(key.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' }] }

/** A valid access token signed by the key, naming `kid` (`k1` is the published one). */
export async function mint(kid = 'k1'): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  return new SignJWT({ sid: 'sid-1', roles: ['user'], email: 'ada@example.com', client_id: 'authpair' })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid })
    .setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('u1').setJti('j1')
    .setIssuedAt(now).setNotBefore(now).setExpirationTime(now + 900)
    .sign(key.privateKey)
}
