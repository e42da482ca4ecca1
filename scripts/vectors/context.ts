// What every case builder shares: the settings of the vectors, their keys, and `mint`, which signs a token from the
// issuer's usual header and claims with a few changes. Times and ids are fixed, so only the keys differ between runs.
import type { VectorCase, VectorPrincipal, VectorRedis } from '../../test/vectors/format.js'
import { compactJws, ecKey, rsaKey, signers, type Signer, type VectorKey } from './jws.js'

export const SETTINGS = {
  issuer: 'https://issuer.vectors.authpair.test',
  audience: 'authpair-api',
  key_prefix: 'vectors:',
  clock_tolerance_seconds: 5,
  // Shorter than the verifier's 24 h default, so a verifier that ignores the setting fails its cases.
  max_lifetime_seconds: 3600,
  max_token_length: 4096,
} as const

/** 2026-01-01T00:00:00Z: every case verifies at this time unless it says otherwise. */
export const NOW = 1_767_225_600
export const IAT = NOW - 60
export const SUB = '65a1b2c3d4e5f6a7b8c9d0e1'
export const SID = 'Vn3cT0rS-sess_0001'

/** The liveness marker's key for a user's session, under the vector's prefix (docs/VERIFYING.md section 6). */
export const liveKey = (uid: string, sid: string): string => `live:{${uid}}:${sid}`

export type Json = Record<string, unknown>

export interface MintSpec {
  /** Header members to set (over `alg`, `typ`, `kid`). */
  header?: Json
  omitHeader?: string[]
  /** Claims to set (over the issuer's usual ones). */
  claims?: Json
  omitClaims?: string[]
  /** Rewrites the payload's JSON text before signing (for numbers JSON.stringify cannot write). */
  rawPayload?: (text: string) => string
  /** Default: RS256 with the first key of the JWKS. */
  signer?: Signer
}

export interface Minted {
  token: string
  claims: Json
}

export interface VectorKeys {
  /** In the JWKS: signs unless a case says otherwise. */
  current: VectorKey
  /** In the JWKS too (a `next` key during a rotation). */
  next: VectorKey
  /** Not in the JWKS. */
  stranger: VectorKey
  /** A P-256 key, for an algorithm the protocol refuses. */
  ec: VectorKey
}

export interface Context {
  keys: VectorKeys
  mint: (spec?: MintSpec) => Minted
  /** A case expected to verify, with the principal its claims give. */
  ok: (name: string, why: string, minted: Minted, extra?: Partial<VectorCase>) => VectorCase
  /** A case expected to be refused with 401 `invalid_token`. */
  invalid: (name: string, why: string, token: string, extra?: Partial<VectorCase>) => VectorCase
  /** The default session, live for its user. */
  liveSession: (sid?: string, uid?: string) => VectorRedis
}

export function without(object: Json, names: readonly string[] = []): Json {
  return Object.fromEntries(Object.entries(object).filter(([name]) => !names.includes(name)))
}

export function defaultClaims(): Json {
  return {
    iss: SETTINGS.issuer,
    aud: SETTINGS.audience,
    sub: SUB,
    sid: SID,
    jti: '0f7c2a9e-5b1d-4c3e-9a8f-000000000001',
    iat: IAT,
    nbf: IAT,
    exp: IAT + 900,
    client_id: 'authpair',
    roles: ['user'],
    email: 'ada@example.com',
  }
}

function principalOf(claims: Json): VectorPrincipal {
  const { sub, sid, email, roles, jti, exp } = claims as unknown as VectorPrincipal
  return { sub, sid, email, roles, jti, exp }
}

export function createContext(): Context {
  const keys: VectorKeys = { current: rsaKey('vectors-key-1'), next: rsaKey('vectors-key-2'), stranger: rsaKey('stranger-key'), ec: ecKey('vectors-ec') }
  const liveSession = (sid = SID, uid = SUB): VectorRedis => ({
    // The liveness marker the issuer writes at login (key layout 2): keyed by user and session, valued the user id.
    strings: { [liveKey(uid, sid)]: uid },
  })
  return {
    keys,
    liveSession,
    mint(spec = {}) {
      const header = without({ alg: 'RS256', typ: 'at+jwt', kid: keys.current.kid, ...spec.header }, spec.omitHeader)
      const claims = without({ ...defaultClaims(), ...spec.claims }, spec.omitClaims)
      const payloadText = (spec.rawPayload ?? ((text: string) => text))(JSON.stringify(claims))
      return { token: compactJws(JSON.stringify(header), payloadText, spec.signer ?? signers.rs256(keys.current)), claims }
    },
    ok: (name, why, minted, extra = {}) => ({
      name, why, token: minted.token, now: NOW, redis: liveSession(), outcome: 'ok', principal: principalOf(minted.claims), ...extra,
    }),
    invalid: (name, why, token, extra = {}) => ({ name, why, token, now: NOW, redis: liveSession(), outcome: 'invalid_token', ...extra }),
  }
}
