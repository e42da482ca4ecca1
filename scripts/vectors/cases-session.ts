// The session check, after every token check has passed: the liveness marker `live:{<sub>}:<sid>` must exist and
// its value be the token's `sub`; Redis that cannot answer is 503, never a pass. A token refused by its own checks
// is refused whatever Redis is.
import type { VectorCase } from '../../test/vectors/format.js'
import { NOW, SID, SUB, liveKey, type Context } from './context.js'

const OTHER = 'ffffffffffffffffffffffff'

export function sessionCases(ctx: Context): VectorCase[] {
  const { invalid, mint, liveSession } = ctx
  const plain = mint()
  return [
    invalid('session_absent', 'No liveness marker: logged out, revoked or expired.', plain.token, { redis: { strings: {} } }),
    invalid('session_of_another_user', 'The session id lives, but for another user (issue 11).', plain.token, { redis: liveSession(SID, OTHER) }),
    invalid('session_marker_names_another_user', 'The marker under the sub\'s key holds another user id: the value must be the sub too.',
      plain.token, { redis: { strings: { [liveKey(SUB, SID)]: OTHER } } }),
    invalid('session_without_uid', 'The marker holds an empty value: no owner.', plain.token, { redis: { strings: { [liveKey(SUB, SID)]: '' } } }),
    invalid('session_refresh_state_only', 'Only the refresh state `sess:{<sub>}:<sid>` exists, no marker: not live.',
      plain.token, { redis: { strings: { [`sess:{${SUB}}:${SID}`]: SUB } } }),
    invalid('session_other_sid_only', 'Only another session of the same user lives.', plain.token, { redis: liveSession('Vn3cT0rS-sess_0002', SUB) }),
    invalid('session_empty_uid_empty_sub', 'An empty uid is no owner, not even of a token whose sub is empty.',
      mint({ claims: { sub: '' } }).token, { redis: liveSession(SID, '') }),
    {
      name: 'redis_down', why: 'Redis cannot be reached: 503, never a pass.', token: plain.token, now: NOW,
      redis: liveSession(), redis_down: true, outcome: 'unavailable',
    },
    invalid('redis_down_expired_token', 'A token refused by its own checks is 401 even while Redis is down.',
      mint({ claims: { iat: NOW - 4500, nbf: NOW - 4500, exp: NOW - 3600 } }).token, { redis_down: true }),
    invalid('redis_down_bad_signature', 'A bad signature is 401 even while Redis is down.', `${plain.token.slice(0, -8)}AAAAAAAA`, { redis_down: true }),
  ]
}
