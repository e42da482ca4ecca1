// Refusals before any signature check: the token's size and syntax (RFC 6750 b64token, compact JWS), then its
// signature.
import type { VectorCase } from '../../test/vectors/format.js'
import { SETTINGS, type Context } from './context.js'
import { b64url, compactJws, signers } from './jws.js'
import { tokenOfLength } from './cases-accepted.js'

function parts(token: string): [string, string, string] {
  const [header = '', payload = '', signature = ''] = token.split('.')
  return [header, payload, signature]
}

export function shapeCases(ctx: Context): VectorCase[] {
  const { invalid, mint } = ctx
  const plain = mint().token
  const [header, payload, signature] = parts(plain)
  const other = parts(mint({ claims: { jti: '0f7c2a9e-5b1d-4c3e-9a8f-000000000002' } }).token)
  const asAdmin = b64url(JSON.stringify({ ...mint().claims, roles: ['admin'] }))
  const stdBase64 = signature.replace(/-/g, '+').replace(/_/g, '/')
  if (stdBase64 === signature) throw new Error('the signature has no - or _; generate again')
  const headerText = JSON.stringify({ alg: 'RS256', typ: 'at+jwt', kid: ctx.keys.current.kid })
  return [
    invalid('too_long', `A correctly signed token of ${SETTINGS.max_token_length + 1} characters: refused before parsing.`,
      tokenOfLength(ctx, SETTINGS.max_token_length + 1).token),
    invalid('empty', 'An empty token.', ''),
    invalid('two_segments', 'A compact JWS has exactly three segments.', `${header}.${payload}`),
    invalid('four_segments', 'A compact JWS has exactly three segments (five would be a JWE).', `${plain}.${signature}`),
    invalid('not_b64token_space', 'A space inside: not the b64token syntax (RFC 6750 section 2.1).', `${header}. ${payload}.${signature}`),
    invalid('not_b64token_quotes', 'A quoted token (as a careless cookie might carry it): not b64token.', `"${plain}"`),
    invalid('not_b64token_non_ascii', 'A non-ASCII character: not b64token.', `${plain}\u00e9`),
    invalid('header_not_json', 'The header segment is base64url of text that is not JSON.', `${b64url('not json')}.${payload}.${signature}`),
    invalid('header_json_array', 'The header is JSON but not an object.', compactJws('["RS256"]', JSON.stringify(mint().claims), signers.rs256(ctx.keys.current))),
    invalid('payload_not_json', 'Correctly signed, but the payload is not JSON.', compactJws(headerText, 'not json', signers.rs256(ctx.keys.current))),
    invalid('payload_json_array', 'Correctly signed, but the payload is a JSON array, not a claims object.', compactJws(headerText, '[1,2]', signers.rs256(ctx.keys.current))),
    invalid('signature_standard_base64', 'The signature written with + and / (base64, not base64url).', `${header}.${payload}.${stdBase64}`),
    invalid('signature_empty', 'RS256 with no signature.', `${header}.${payload}.`),
    invalid('signature_of_another_token', 'The signature of another token of the same key.', `${header}.${payload}.${other[2]}`),
    invalid('payload_changed_after_signing', 'roles changed to admin after signing.', `${header}.${asAdmin}.${signature}`),
    invalid('signed_by_other_jwks_key', 'kid names the first key; the second key signed.', mint({ signer: signers.rs256(ctx.keys.next) }).token),
  ]
}
