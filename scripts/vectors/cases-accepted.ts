// Tokens every verifier must accept: the issuer's own, and the edges of each rule from the inside.
import type { VectorCase } from '../../test/vectors/format.js'
import { IAT, NOW, SETTINGS, type Context } from './context.js'
import { signers } from './jws.js'

const TOLERANCE = SETTINGS.clock_tolerance_seconds

/** A token of exactly `length` characters, made so by a filler claim. */
export function tokenOfLength(ctx: Context, length: number) {
  for (let fill = 0; fill < length; fill++) {
    const minted = ctx.mint({ claims: { filler: 'x'.repeat(fill) } })
    if (minted.token.length === length) return minted
    if (minted.token.length > length) break
  }
  throw new Error(`no filler makes a token of exactly ${length} characters; change the fixed claims`)
}

export function acceptedCases(ctx: Context): VectorCase[] {
  const { ok, mint } = ctx
  const longSid = 'S'.repeat(128)
  return [
    ok('ok_plain', 'The issuer\'s token: RS256, typ at+jwt, kid of the JWKS, a live session of its user.', mint()),
    ok('ok_multiple_roles', 'Several roles come through in order.', mint({ claims: { roles: ['user', 'admin', 'billing:read'] } })),
    ok('ok_no_roles', 'An empty roles array is an array of strings.', mint({ claims: { roles: [] } })),
    ok('ok_aud_array_containing_ours', 'aud may be an array; it must contain our audience.', mint({ claims: { aud: ['other-api', SETTINGS.audience] } })),
    ok('ok_signed_by_second_jwks_key', 'Any key of the JWKS, chosen by kid (the `next` key during a rotation).',
      mint({ header: { kid: ctx.keys.next.kid }, signer: signers.rs256(ctx.keys.next) })),
    ok('ok_typ_application_at_jwt', 'typ is a media type: "application/at+jwt" is "at+jwt" (RFC 9068 section 4).', mint({ header: { typ: 'application/at+jwt' } })),
    ok('ok_typ_case_insensitive', 'Media types compare case-insensitively (RFC 7515 section 4.1.9).', mint({ header: { typ: 'AT+JWT' } })),
    ok('ok_unknown_members_ignored', 'Header and claim members the protocol does not name are ignored (unless listed in crit).',
      mint({ header: { cty: 'ignored', x_extra: 1 }, claims: { email_verified: true, scope: 'anything', nested: { a: [1] } } })),
    ok('ok_exp_within_tolerance', `exp ${TOLERANCE - 1} s in the past is within the ${TOLERANCE} s tolerance.`, mint({ claims: { exp: NOW - TOLERANCE + 1 } })),
    ok('ok_nbf_within_tolerance', `nbf ${TOLERANCE} s in the future is within the tolerance.`, mint({ claims: { iat: IAT, nbf: NOW + TOLERANCE } })),
    ok('ok_iat_within_tolerance', `iat ${TOLERANCE} s in the future is within the tolerance.`, mint({ claims: { iat: NOW + TOLERANCE, nbf: NOW + TOLERANCE, exp: NOW + 600 } })),
    ok('ok_lifetime_exactly_max', `exp - iat equal to the maximum lifetime (${SETTINGS.max_lifetime_seconds} s) passes.`,
      mint({ claims: { exp: IAT + SETTINGS.max_lifetime_seconds } })),
    ok('ok_sid_128_chars', 'A session id of 128 URL-safe characters, the longest allowed.', mint({ claims: { sid: longSid } }), { redis: ctx.liveSession(longSid) }),
    ok('ok_token_max_length', `A token of exactly ${SETTINGS.max_token_length} characters.`, tokenOfLength(ctx, SETTINGS.max_token_length)),
  ]
}
