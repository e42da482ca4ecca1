import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'

// The grace period must hand out the same successor token again, yet the store keeps no usable token. So the
// successor is sealed (AES-256-GCM) under a key derived from the token it replaces: only a holder of that retired
// token can open it, and the store alone reveals nothing.
const INFO = Buffer.from('authpair refresh-token successor v1')

function keyFrom(retiredToken: string): Buffer {
  return Buffer.from(hkdfSync('sha256', retiredToken, Buffer.alloc(0), INFO, 32))
}

/** Seals `successor` so that only a holder of `retiredToken` can open it. */
export function sealSuccessor(retiredToken: string, successor: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', keyFrom(retiredToken), iv)
  const sealed = Buffer.concat([cipher.update(successor, 'utf8'), cipher.final()])
  return [iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url')).join('.')
}

/** Opens a sealed successor, or returns `undefined` when it was not sealed for this token. */
export function openSuccessor(retiredToken: string, sealed: string): string | undefined {
  const [iv, tag, body] = sealed.split('.').map((part) => Buffer.from(part, 'base64url'))
  if (!iv || !tag || !body) return undefined
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyFrom(retiredToken), iv)
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8')
  } catch {
    return undefined
  }
}
