// The refresh state of one session (issue 15, memory): one binary value, the field `<session id>` of the user's
// hash `user:{<uid>}:sessions`, so a session costs one key (its marker) besides its share of that hash. Layout, by
// byte offset; times are milliseconds in 6 bytes, big-endian like every number here:
//   0 format (STATE_FORMAT), 1 current token digest, 33 previous digest (zeros before the first rotation),
//   65 the previous token's sealed successor (zeros before), 105 when it was rotated (the last use; 0 before),
//   111 created, 117 expires, 123 user version (NO_VERSION: none), 127 ip length, 128 user agent length,
//   130 the ip, then the user agent (UTF-8), then one digest per token retired before the previous one.
// The Lua scripts (lua.ts) read and rewrite it at these offsets.
import type { SessionRecord } from './session-store.js'

/** The first byte of a state; a value of another shape (the '1' the index held before) is no session. */
export const STATE_FORMAT = 0x03
export const DIGEST_BYTES = 32
export const SEAL_BYTES = 40
export const NO_VERSION = 0xffffffff
export const AT = {
  current: 1, previous: 33, sealed: 65, rotatedAt: 105, createdAt: 111, expiresAt: 117, version: 123,
  ipLength: 127, agentLength: 128, ip: 130,
} as const
const TIME_BYTES = 6

/** A refresh token's digest from its hash (`hashRefreshToken`, base64url), or `undefined` for anything else. */
export function digestOf(hash: string): Buffer | undefined {
  const digest = Buffer.from(hash, 'base64url')
  return digest.length === DIGEST_BYTES && digest.toString('base64url') === hash ? digest : undefined
}

/** A sealed successor (`sealSuccessor`, base64url) as its bytes, or `undefined` for anything else. */
export function sealOf(sealed: string): Buffer | undefined {
  const raw = Buffer.from(sealed, 'base64url')
  return raw.length === SEAL_BYTES && raw.toString('base64url') === sealed ? raw : undefined
}

/** The longest start of `text` of at most `maxBytes` bytes of UTF-8, never splitting a character. */
function utf8Prefix(text: string, maxBytes: number): Buffer {
  let end = 0
  let bytes = 0
  for (const character of text) {
    bytes += Buffer.byteLength(character)
    if (bytes > maxBytes) break
    end += character.length
  }
  return Buffer.from(text.slice(0, end), 'utf8')
}

/** The state of a new session whose first refresh token has `digest`. */
export function encodeState(session: SessionRecord, digest: Buffer): Buffer {
  const ip = utf8Prefix(session.ip, 0xff)
  const agent = utf8Prefix(session.userAgent, 0xffff)
  const header = Buffer.alloc(AT.ip)
  header[0] = STATE_FORMAT
  digest.copy(header, AT.current)
  header.writeUIntBE(session.createdAt, AT.createdAt, TIME_BYTES)
  header.writeUIntBE(session.expiresAt, AT.expiresAt, TIME_BYTES)
  header.writeUInt32BE(session.userVersion ?? NO_VERSION, AT.version)
  header[AT.ipLength] = ip.length
  header.writeUInt16BE(agent.length, AT.agentLength)
  return Buffer.concat([header, ip, agent])
}

/** What a state holds beyond its token digests. */
export interface DecodedState {
  record: Omit<SessionRecord, 'id' | 'userId'>
  /** The previous token's sealed successor (base64url), '' before the first rotation. */
  sealedSuccessor: string
}

/** The state stored in `value`, or `undefined` when `value` is no state of this format. */
export function decodeState(value: Buffer): DecodedState | undefined {
  if (value.length < AT.ip || value[0] !== STATE_FORMAT) return undefined
  const agentStart = AT.ip + value[AT.ipLength]!
  const agentEnd = agentStart + value.readUInt16BE(AT.agentLength)
  if (agentEnd > value.length || (value.length - agentEnd) % DIGEST_BYTES !== 0) return undefined
  const createdAt = value.readUIntBE(AT.createdAt, TIME_BYTES)
  const rotatedAt = value.readUIntBE(AT.rotatedAt, TIME_BYTES)
  const version = value.readUInt32BE(AT.version)
  return {
    record: {
      createdAt,
      lastUsedAt: rotatedAt || createdAt,
      expiresAt: value.readUIntBE(AT.expiresAt, TIME_BYTES),
      ip: value.subarray(AT.ip, agentStart).toString('utf8'),
      userAgent: value.subarray(agentStart, agentEnd).toString('utf8'),
      ...(version === NO_VERSION ? {} : { userVersion: version }),
    },
    sealedSuccessor: rotatedAt ? value.subarray(AT.sealed, AT.sealed + SEAL_BYTES).toString('base64url') : '',
  }
}
