import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import { secretOfRefreshToken, sessionOfRefreshToken, withRefreshSecret } from './refresh-token.js'

// The grace period must hand out the same successor token again, yet the store keeps no usable token. So the
// successor's secret is sealed under keys derived from the token it replaces: only a holder of that retired token
// can open it, and the store alone reveals nothing. The seal is compact (54 characters, issue 15) so the session's
// hash stays in Redis's small listpack encoding: the 32-byte secret XOR a pad derived from the retired token (each
// retired token seals one stored successor), then 8 bytes of HMAC over it. The successor's user and session are the
// retired token's own.
const PAD_INFO = Buffer.from('authpair refresh-token successor v2 pad')
const MAC_INFO = Buffer.from('authpair refresh-token successor v2 mac')
const SECRET_BYTES = 32
const TAG_BYTES = 8

function derive(retiredToken: string, info: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', retiredToken, Buffer.alloc(0), info, 32))
}

function tagOf(retiredToken: string, body: Buffer): Buffer {
  return createHmac('sha256', derive(retiredToken, MAC_INFO)).update(body).digest().subarray(0, TAG_BYTES)
}

function xor(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((byte, index) => byte ^ (b[index] ?? 0)))
}

/**
 * Seals `successor` so that only a holder of `retiredToken` can open it.
 * @throws TypeError when `successor` is not a refresh token of the retired token's own session.
 */
export function sealSuccessor(retiredToken: string, successor: string): string {
  const secret = secretOfRefreshToken(successor)
  const session = sessionOfRefreshToken(successor)
  const retired = sessionOfRefreshToken(retiredToken)
  if (!session || !retired || session.userId !== retired.userId || session.sessionId !== retired.sessionId) {
    throw new TypeError('a successor is sealed for a retired token of its own session')
  }
  const body = xor(Buffer.from(secret, 'base64url'), derive(retiredToken, PAD_INFO))
  return Buffer.concat([body, tagOf(retiredToken, body)]).toString('base64url')
}

/** Opens a sealed successor, or returns `undefined` when it was not sealed for this token. */
export function openSuccessor(retiredToken: string, sealed: string): string | undefined {
  const raw = Buffer.from(sealed, 'base64url')
  if (raw.length !== SECRET_BYTES + TAG_BYTES || raw.toString('base64url') !== sealed) return undefined
  const body = raw.subarray(0, SECRET_BYTES)
  if (!timingSafeEqual(raw.subarray(SECRET_BYTES), tagOf(retiredToken, body))) return undefined
  const secret = xor(body, derive(retiredToken, PAD_INFO)).toString('base64url')
  return withRefreshSecret(retiredToken, secret)
}

