import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

/** A private key as stored in MongoDB: AES-256-GCM ciphertext of the PKCS#8 PEM (issue 13). */
export interface EncryptedPrivateKey {
  alg: 'A256GCM'
  /** base64url 96-bit IV, random per encryption. */
  iv: string
  /** base64url 128-bit authentication tag. */
  tag: string
  /** base64url ciphertext. */
  data: string
}

/** The secrets private keys are encrypted under: `current` encrypts, both decrypt (so the secret can be rotated). */
export interface KeyEncryptionSecrets {
  current: string
  previous?: string | undefined
}

export interface KeyCipher {
  encrypt(pem: string, kid: string): EncryptedPrivateKey
  /**
   * Decrypts with the current secret, else the previous one; `stale` says the previous one was needed (re-encrypt).
   * @throws Error when no secret opens it (a wrong KEY_ENCRYPTION_SECRET): the message names the variables.
   */
  decrypt(stored: EncryptedPrivateKey, kid: string): { pem: string; stale: boolean }
}

// HKDF turns a passphrase-like secret into a 256-bit key; the kid is the additional data, so a ciphertext moved to
// another key's document does not decrypt.
function deriveKey(secret: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secret, 'authpair', 'signing-key-encryption v1', 32))
}

function open(key: Buffer, stored: EncryptedPrivateKey, kid: string): string | undefined {
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(stored.iv, 'base64url'))
    decipher.setAAD(Buffer.from(kid))
    decipher.setAuthTag(Buffer.from(stored.tag, 'base64url'))
    return Buffer.concat([decipher.update(Buffer.from(stored.data, 'base64url')), decipher.final()]).toString('utf8')
  } catch {
    return undefined
  }
}

/** A cipher for private signing keys under KEY_ENCRYPTION_SECRET (and KEY_ENCRYPTION_SECRET_PREVIOUS). */
export function createKeyCipher(secrets: KeyEncryptionSecrets): KeyCipher {
  const current = deriveKey(secrets.current)
  const previous = secrets.previous === undefined ? undefined : deriveKey(secrets.previous)
  return {
    encrypt(pem, kid) {
      const iv = randomBytes(12)
      const cipher = createCipheriv('aes-256-gcm', current, iv)
      cipher.setAAD(Buffer.from(kid))
      const data = Buffer.concat([cipher.update(pem, 'utf8'), cipher.final()])
      return { alg: 'A256GCM', iv: iv.toString('base64url'), tag: cipher.getAuthTag().toString('base64url'), data: data.toString('base64url') }
    },
    decrypt(stored, kid) {
      const pem = open(current, stored, kid)
      if (pem !== undefined) return { pem, stale: false }
      const old = previous === undefined ? undefined : open(previous, stored, kid)
      if (old !== undefined) return { pem: old, stale: true }
      throw new Error(`the private key ${kid} does not decrypt under KEY_ENCRYPTION_SECRET nor KEY_ENCRYPTION_SECRET_PREVIOUS`)
    },
  }
}
