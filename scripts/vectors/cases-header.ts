// Refusals for the JOSE header: RS256 only, typ at+jwt, a kid of the JWKS, never a key named by the token.
import type { VectorCase } from '../../test/vectors/format.js'
import type { Context } from './context.js'
import { publicJwk, signers } from './jws.js'

export function headerCases(ctx: Context): VectorCase[] {
  const { invalid, mint, keys } = ctx
  const current = keys.current
  // Each names a key source but is otherwise the issuer's token, signed by the right key: only the header rule refuses it.
  const foreign = {
    jku: 'https://attacker.example/jwks.json',
    x5u: 'https://attacker.example/cert.pem',
    jwk: publicJwk(current),
    x5c: ['MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA'],
  }
  return [
    invalid('alg_none', 'alg none with an empty signature.', mint({ header: { alg: 'none' }, signer: signers.none() }).token),
    invalid('alg_missing', 'No alg in the header.', mint({ omitHeader: ['alg'] }).token),
    invalid('alg_hs256_public_key_as_secret', 'HS256 keyed with the public key (PEM): algorithm confusion.',
      mint({ header: { alg: 'HS256' }, signer: signers.hs256WithPublicKey(current) }).token),
    invalid('alg_rs384', 'RS384 by the right key: only RS256 is accepted.', mint({ header: { alg: 'RS384' }, signer: signers.rs384(current) }).token),
    invalid('alg_rs512', 'RS512 by the right key.', mint({ header: { alg: 'RS512' }, signer: signers.rs512(current) }).token),
    invalid('alg_ps256', 'PS256 by the right key.', mint({ header: { alg: 'PS256' }, signer: signers.ps256(current) }).token),
    invalid('alg_es256', 'ES256 by a P-256 key.', mint({ header: { alg: 'ES256', kid: keys.ec.kid }, signer: signers.es256(keys.ec) }).token),
    invalid('typ_jwt', 'typ "JWT" is not an access token (RFC 9068, RFC 8725 section 3.11).', mint({ header: { typ: 'JWT' } }).token),
    invalid('typ_missing', 'No typ.', mint({ omitHeader: ['typ'] }).token),
    invalid('typ_not_string', 'typ must be a string.', mint({ header: { typ: ['at+jwt'] } }).token),
    invalid('kid_unknown', 'Signed by a key whose kid is not in the JWKS (and a refetch does not find it).',
      mint({ header: { kid: keys.stranger.kid }, signer: signers.rs256(keys.stranger) }).token),
    invalid('kid_missing', 'No kid, while the JWKS holds two RS256 keys.', mint({ omitHeader: ['kid'] }).token),
    invalid('kid_not_string', 'kid must be a string.', mint({ header: { kid: 1 } }).token),
    invalid('kid_empty', 'kid must name a key.', mint({ header: { kid: '' } }).token),
    ...Object.entries(foreign).map(([name, value]) =>
      invalid(`header_${name}`, `A ${name} header: a key source the verifier must never use (RFC 8725 section 3.10).`,
        mint({ header: { [name]: value } }).token)),
    invalid('crit_unknown_extension', 'crit names an extension the verifier does not understand (RFC 7515 section 4.1.11).',
      mint({ header: { crit: ['x-authpair-test'], 'x-authpair-test': true } }).token),
    invalid('unencoded_payload_b64_false', 'b64 false (RFC 7797) is not a JWT.', mint({ header: { b64: false, crit: ['b64'] } }).token),
  ]
}
