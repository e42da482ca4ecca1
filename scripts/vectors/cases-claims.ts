// Refusals for the claims: iss, aud, the time claims (whole seconds, tolerance, maximum lifetime), and the claims
// this contract requires, with their types.
import type { VectorCase } from '../../test/vectors/format.js'
import { IAT, NOW, SETTINGS, SID, SUB, type Context } from './context.js'

const TOLERANCE = SETTINGS.clock_tolerance_seconds
const REQUIRED = ['iss', 'aud', 'sub', 'sid', 'jti', 'iat', 'nbf', 'exp', 'email', 'roles', 'client_id'] as const

export function claimCases(ctx: Context): VectorCase[] {
  const { invalid, mint } = ctx
  const exp = IAT + 900
  const withExp = (text: string) => (payload: string) => payload.replace(`"exp":${exp}`, `"exp":${text}`)
  return [
    invalid('iss_wrong', 'iss of another issuer.', mint({ claims: { iss: 'https://other.example' } }).token),
    invalid('iss_trailing_slash', 'iss compares exactly: a trailing slash is another issuer.', mint({ claims: { iss: `${SETTINGS.issuer}/` } }).token),
    invalid('iss_case', 'iss compares exactly, case included.', mint({ claims: { iss: SETTINGS.issuer.toUpperCase() } }).token),
    invalid('aud_wrong', 'aud of another service.', mint({ claims: { aud: 'other-api' } }).token),
    invalid('aud_array_without_ours', 'An aud array that lacks our audience.', mint({ claims: { aud: ['other-api', 'third-api'] } }).token),
    invalid('aud_not_string', 'aud a number.', mint({ claims: { aud: 7 } }).token),
    invalid('expired', `exp ${TOLERANCE + 1} s in the past: beyond the tolerance.`, mint({ claims: { exp: NOW - TOLERANCE - 1 } }).token),
    invalid('expired_at_tolerance_edge', `exp exactly ${TOLERANCE} s in the past: refused (exp <= now - tolerance).`, mint({ claims: { exp: NOW - TOLERANCE } }).token),
    invalid('nbf_in_future', `nbf ${TOLERANCE + 1} s ahead.`, mint({ claims: { nbf: NOW + TOLERANCE + 1 } }).token),
    invalid('iat_in_future', `iat ${TOLERANCE + 1} s ahead (nbf now).`, mint({ claims: { iat: NOW + TOLERANCE + 1, nbf: NOW, exp: NOW + 600 } }).token),
    invalid('lifetime_over_max', `exp - iat one second over the maximum lifetime (${SETTINGS.max_lifetime_seconds} s).`,
      mint({ claims: { exp: IAT + SETTINGS.max_lifetime_seconds + 1 } }).token),
    invalid('exp_1e20', 'exp 1e20: not a whole number of seconds a double holds exactly (beyond 2^53 - 1).', mint({ claims: { exp: 1e20 } }).token),
    invalid('exp_1e309_literal', 'exp written as the literal 1e309: out of range for a double (JavaScript reads Infinity).',
      mint({ rawPayload: withExp('1e309') }).token),
    invalid('exp_fractional', 'exp with a fraction of a second.', mint({ claims: { exp: exp + 0.5 } }).token),
    invalid('exp_exponent_fraction', 'exp written as 1.7672262005e9: a fraction in exponent form.', mint({ rawPayload: withExp('1.7672262005e9') }).token),
    invalid('iat_fractional', 'iat with a fraction of a second.', mint({ claims: { iat: IAT + 0.25 } }).token),
    invalid('nbf_fractional', 'nbf with a fraction of a second.', mint({ claims: { nbf: IAT + 0.25 } }).token),
    invalid('exp_string', 'exp as a string.', mint({ claims: { exp: String(exp) } }).token),
    invalid('iat_string', 'iat as a string.', mint({ claims: { iat: String(IAT) } }).token),
    invalid('exp_null', 'exp null.', mint({ claims: { exp: null } }).token),
    ...REQUIRED.map((claim) => invalid(`missing_${claim}`, `No ${claim} claim.`, mint({ omitClaims: [claim] }).token)),
    invalid('sub_not_string', 'sub a number.', mint({ claims: { sub: 42 } }).token),
    invalid('sid_not_string', 'sid a number.', mint({ claims: { sid: 42 } }).token),
    invalid('jti_not_string', 'jti a number.', mint({ claims: { jti: 42 } }).token),
    invalid('email_null', 'email null.', mint({ claims: { email: null } }).token),
    invalid('roles_not_array', 'roles a string.', mint({ claims: { roles: 'admin' } }).token),
    invalid('roles_not_strings', 'roles holding a number.', mint({ claims: { roles: ['user', 1] } }).token),
    invalid('roles_object', 'roles an object.', mint({ claims: { roles: { admin: true } } }).token),
    // Each of these has a liveness marker for its user under the key it would read: only the charset check refuses it.
    ...[
      ['sid_colon_retired', `${SID}:retired`, 'a colon: it would name another key under the marker\'s, or any other key'],
      ['sid_dot', 'Vn3cT0rS.sess', 'a dot'],
      ['sid_slash', 'a/b', 'a slash'],
      ['sid_glob', 'sess*', 'a glob character'],
      ['sid_129_chars', 'S'.repeat(129), '129 characters, one over the maximum'],
    ].map(([name = '', sid = '', what = '']) =>
      invalid(name, `sid with ${what}: sid must match ^[A-Za-z0-9_-]{1,128}$.`, mint({ claims: { sid } }).token, { redis: ctx.liveSession(sid, SUB) })),
    invalid('sid_empty', 'An empty sid.', mint({ claims: { sid: '' } }).token, { redis: ctx.liveSession('', SUB) }),
  ]
}
