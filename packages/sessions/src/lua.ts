// Lua scripts, each one atomic step in Redis. Key layout 2 (issue 15): every key a script touches is passed in KEYS
// (Redis Cluster refuses keys a script builds itself), and every key of a user carries the hash tag `{<user id>}`, so
// each script touches one hash slot. A session is its liveness marker `live` (value: the user id, a TTL at the
// session's end; written at the start, deleted at the end, never touched by a refresh) and one field of its user's
// hash `user`: session id -> the session's refresh state, a binary value (session-state.ts) holding the current and
// previous token digests, the previous token's sealed successor, the times, ip, user agent, user version, and one
// digest per token retired before the previous one (reuse detection). The hash's TTL is its latest session's end; a
// field whose session has ended is deleted with the marker, or pruned later (its marker is gone or it has expired).
// A field of another shape (the '1' of the index before the state moved there) is no session: the script that
// meets it ends that session, marker and field.
//
// The scripts that end sessions of a user get the session ids the caller read from the hash (ARGV, after the fixed
// arguments) and their markers (KEYS, one per id, after the fixed keys). A session added to the hash since that read
// has no marker here: the script then changes nothing and answers STALE, and the caller reads again.
import { at, COVERED, EACH_VERSION, PRUNE_EXPIRED, STATE } from './lua-parts.js'
import { AT, DIGEST_BYTES, NO_VERSION } from './session-state.js'

/** What a user-wide script answers when the user's hash holds a session it was not given the marker of. */
export const STALE = -1

/**
 * KEYS: live, user, then the marker of each known session. ARGV: expiresAt (ms), sessionId, now (ms), most sessions
 * per user (0: no cap), user id, the state, then the known session ids. Past the cap, the user's oldest sessions end
 * (issue 11). Returns how many ended, or STALE (nothing written) when the cap needs sessions it has no marker of.
 */
export const CREATE_SESSION = `${STATE}${COVERED}${PRUNE_EXPIRED}
local cap = tonumber(ARGV[4])
local first_known = 7
prune_expired(2)
local over = cap > 0 and redis.call('HLEN', KEYS[2]) + 1 - redis.call('HEXISTS', KEYS[2], ARGV[2]) > cap
if over and not covered(2, first_known) then return ${STALE} end
redis.call('SET', KEYS[1], ARGV[5], 'PXAT', ARGV[1])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[6])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[1]) - tonumber(ARGV[3]) then
  redis.call('PEXPIREAT', KEYS[2], ARGV[1])
end
if not over then return 0 end
local live = {}
for i = first_known, #ARGV do
  local sid = ARGV[i]
  local k = 3 + i - first_known
  if sid ~= ARGV[2] then
    local v = redis.call('HGET', KEYS[2], sid)
    if redis.call('EXISTS', KEYS[k]) == 1 and retired_at(v) then
      table.insert(live, {struct.unpack('>I6', v, ${at(AT.createdAt)}), sid, k})
    else
      redis.call('DEL', KEYS[k])
      redis.call('HDEL', KEYS[2], sid)
    end
  end
end
table.sort(live, function(a, b) return a[1] < b[1] end)
local ended = 0
-- The new session is the newest and one of the \`cap\` that stay.
for i = 1, #live + 1 - cap do
  local k = live[i][3]
  redis.call('DEL', KEYS[k])
  redis.call('HDEL', KEYS[2], live[i][2])
  ended = ended + 1
end
return ended
`

/**
 * KEYS: live, user. ARGV: sessionId, presented digest, successor digest, sealed successor (bytes), now (ms), grace
 * (ms). Returns {outcome, state}: the state after a rotation, or the one a grace answer reads its successor from.
 * Never writes the marker except to delete it when the session ends: a refresh reaches no tracked verifier.
 */
export const ROTATE_REFRESH_TOKEN = `${STATE}
local v = redis.call('HGET', KEYS[2], ARGV[1])
local from = retired_at(v)
if redis.call('EXISTS', KEYS[1]) == 0 or not from then
  -- Ended, or stored in another shape: whatever is left of it goes.
  redis.call('DEL', KEYS[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
  return {'unknown'}
end
local presented = ARGV[2]
if current(v) == presented then
  local retiring = previous(v)
  if retiring == string.rep(string.char(0), ${DIGEST_BYTES}) then retiring = '' end
  local rotated = string.sub(v, 1, ${AT.current}) .. ARGV[3] .. presented .. ARGV[4] .. struct.pack('>I6', tonumber(ARGV[5]))
    .. string.sub(v, ${at(AT.createdAt)}) .. retiring
  redis.call('HSET', KEYS[2], ARGV[1], rotated)
  return {'rotated', rotated}
end
local rotated_at = struct.unpack('>I6', v, ${at(AT.rotatedAt)})
if previous(v) == presented and tonumber(ARGV[5]) - rotated_at <= tonumber(ARGV[6]) then
  return {'grace', v}
end
if previous(v) == presented or retired(v, from, presented) then
  redis.call('DEL', KEYS[1])
  redis.call('HDEL', KEYS[2], ARGV[1])
  return {'reused'}
end
return {'unknown'}
`

/** KEYS: live, user. ARGV: sessionId, token digest. Returns 1 when the digest is current, the previous, or retired. */
export const ISSUED_REFRESH_TOKEN = `${STATE}
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local v = redis.call('HGET', KEYS[2], ARGV[1])
local from = retired_at(v)
if not from then return 0 end
if current(v) == ARGV[2] or previous(v) == ARGV[2] or retired(v, from, ARGV[2]) then return 1 end
return 0
`

/**
 * KEYS: user, then the marker of each known session. ARGV: session id to keep (or ''), then the known session ids.
 * Returns how many sessions ended, or STALE.
 */
export const REVOKE_USER_SESSIONS = `${COVERED}
if not covered(1, 2) then return ${STALE} end
local ended = 0
for i = 2, #ARGV do
  local sid = ARGV[i]
  if sid ~= ARGV[1] then
    ended = ended + redis.call('DEL', KEYS[i])
    redis.call('HDEL', KEYS[1], sid)
  end
end
return ended
`

/**
 * KEYS: user. Drops the user version of every session of the user, so refreshes read the user from MongoDB until
 * SET_USER_VERSION names the new one (see withUserChange in the issuer). Returns 1.
 */
export const FORGET_USER_VERSION = `${STATE}${EACH_VERSION}
return each_version(function() return ${NO_VERSION} end)
`

/**
 * KEYS: user. ARGV: version. Records the user version on every session of the user, only ever raising it, so two
 * changes that finish out of order leave the newer version. Returns 1.
 */
export const SET_USER_VERSION = `${STATE}${EACH_VERSION}
local new = tonumber(ARGV[1])
return each_version(function(old)
  if old == ${NO_VERSION} or old < new then return new end
  return nil
end)
`
