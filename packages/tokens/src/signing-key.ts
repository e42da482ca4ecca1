import { createPrivateKey, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto'
import { promisify } from 'node:util'
import { calculateJwkThumbprint, exportJWK } from 'jose'
import type { PublicJwk } from '@authpair/contract'
import { ACCESS_TOKEN_ALG } from '@authpair/verifier'

const generateRsaKeyPair = promisify(generateKeyPair)

/** RFC 8725 and NIST: RSA keys of at least 2048 bits. */
export const MIN_RSA_BITS = 2048

/** A parsed signing key: parse once at start, use for every token. */
export interface SigningKey {
  /** RFC 7638 thumbprint of the public key. */
  readonly kid: string
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
  readonly publicJwk: PublicJwk
}

/** A new RSA private key as PKCS#8 PEM. Takes tens to hundreds of milliseconds, off the main thread. */
export async function generatePrivateKeyPem(modulusLength = MIN_RSA_BITS): Promise<string> {
  const { privateKey } = await generateRsaKeyPair('rsa', { modulusLength })
  return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
}

/**
 * Parses a PEM private key into a `SigningKey`.
 * @throws TypeError when the key is not RSA or is shorter than 2048 bits.
 */
export async function signingKeyFromPem(privateKeyPem: string): Promise<SigningKey> {
  const privateKey = createPrivateKey(privateKeyPem)
  const bits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0
  if (privateKey.asymmetricKeyType !== 'rsa' || bits < MIN_RSA_BITS) {
    throw new TypeError(`signing keys must be RSA with at least ${MIN_RSA_BITS} bits`)
  }
  const publicKey = createPublicKey(privateKey)
  const { n, e } = await exportJWK(publicKey)
  if (!n || !e) throw new TypeError('could not export the public key as a JWK')
  const kid = await calculateJwkThumbprint({ kty: 'RSA', n, e }, 'sha256')
  return { kid, privateKey, publicKey, publicJwk: { kty: 'RSA', kid, use: 'sig', alg: ACCESS_TOKEN_ALG, n, e } }
}
