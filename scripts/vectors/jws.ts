// Compact JWS built by hand from exact JSON text, so a vector can carry what no JWT library would write: `exp`
// 1e309, a missing `alg`, a header that names a key URL. Only node:crypto: the vectors must not depend on the
// library the TypeScript verifier itself uses.
import { constants, createHmac, generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import type { VectorJwk } from '../../test/vectors/format.js'

export interface VectorKey {
  kid: string
  privateKey: KeyObject
  publicKey: KeyObject
}

/** Makes the input of a signature into the signature's bytes (empty for `alg: none`). */
export type Signer = (input: string) => Buffer

export const b64url = (data: string | Buffer): string => Buffer.from(data).toString('base64url')

export function rsaKey(kid: string): VectorKey {
  return { kid, ...generateKeyPairSync('rsa', { modulusLength: 2048 }) }
}

export function ecKey(kid: string): VectorKey {
  return { kid, ...generateKeyPairSync('ec', { namedCurve: 'P-256' }) }
}

/** The key as the issuer's JWKS publishes it. */
export function publicJwk(key: VectorKey): VectorJwk {
  const { n, e } = key.publicKey.export({ format: 'jwk' })
  if (n === undefined || e === undefined) throw new TypeError(`${key.kid} is not an RSA key`)
  return { kty: 'RSA', kid: key.kid, use: 'sig', alg: 'RS256', n, e }
}

export const signers = {
  rs256: (key: VectorKey): Signer => (input) => sign('sha256', Buffer.from(input), key.privateKey),
  rs384: (key: VectorKey): Signer => (input) => sign('sha384', Buffer.from(input), key.privateKey),
  rs512: (key: VectorKey): Signer => (input) => sign('sha512', Buffer.from(input), key.privateKey),
  ps256: (key: VectorKey): Signer => (input) =>
    sign('sha256', Buffer.from(input), { key: key.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }),
  es256: (key: VectorKey): Signer => (input) => sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' }),
  // The classic confusion attack: HMAC keyed with the verifier's own public key, as PEM text.
  hs256WithPublicKey: (key: VectorKey): Signer => (input) =>
    createHmac('sha256', key.publicKey.export({ format: 'pem', type: 'spki' })).update(input).digest(),
  none: (): Signer => () => Buffer.alloc(0),
}

/** `<b64url(header)>.<b64url(payload)>.<b64url(signature)>` from the exact JSON texts given. */
export function compactJws(headerText: string, payloadText: string, signer: Signer): string {
  const input = `${b64url(headerText)}.${b64url(payloadText)}`
  return `${input}.${b64url(signer(input))}`
}
