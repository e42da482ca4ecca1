import type { Jwks } from '@authpair/contract'
import type { SigningKey } from './signing-key.js'

/** The public JWKS for a set of signing keys: public parts only, never private material. */
export function toJwks(keys: readonly SigningKey[]): Jwks {
  return { keys: keys.map((key) => ({ ...key.publicJwk })) }
}
