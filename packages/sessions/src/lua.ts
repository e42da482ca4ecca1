// Lua scripts, each one atomic step in Redis. Key layout 2 (issue 15): every key a script touches is passed in KEYS
// (Redis Cluster refuses keys a script builds itself), and every key of a user carries the hash tag `{<user id>}`, so
// each script touches one hash slot. A session is two keys with one TTL, the session's: its liveness marker `live`
// (value: the user id; written at the start, deleted at the end, never touched by a refresh) and its refresh state
// `sess`, a hash kept small enough for Redis's compact listpack encoding (every value at most 64 bytes):
//   c created (ms), e expires (ms), i ip, a, a1, ... the user agent in pieces of at most 64 bytes, uv user version,
//   rt current token hash, p the previous one, pa when it was rotated (ms; the last use), pn its sealed successor,
//   and one field `-<hash>` per token retired before `p` (reuse detection).
// The user's index `user` is a hash of session id to '1'.
//
// The scripts that work on all of a user's sessions get the session ids the caller read from the index (ARGV, after
// the fixed arguments) and their keys (KEYS, two per id, after the fixed keys). A session added to the index since
// that read has no keys here: the script then changes nothing and answers STALE, and the caller reads again.

/** What a user-wide script answers when the user's index holds a session it was not given the keys of. */
export const STALE = -1

/** The most pieces a user agent is stored in (the issuer keeps 256 UTF-16 units, at most 768 bytes). */
export const USER_AGENT_PIECES = 12

// Lua shared by the user-wide scripts: `covered(n, first)` is true when every session of the index KEYS[n] is among
// ARGV[first..]. Every key a script names is written `KEYS[<index>]` (a test checks it).
const COVERED = `
local function covered(n, first)
  local known = {}
  for i = first, #ARGV do known[ARGV[i]] = true end
  for _, sid in ipairs(redis.call('HKEYS', KEYS[n])) do
    if not known[sid] then return false end
  end
  return true
end
`

/**
 * KEYS: live, session, user index, then live/session of each known session. ARGV: expiresAt (ms), sessionId,
 * now (ms), most sessions per user (0: no cap), user id, number of field/value pairs N, the N pairs, then the known
 * session ids. Past the cap, the user's oldest sessions end (issue 11). Returns how many ended, or STALE (nothing
 * written) when the cap needs sessions it has no keys for.
 */
export const CREATE_SESSION = `${COVERED}
local cap = tonumber(ARGV[4])
local pairs_end = 6 + 2 * tonumber(ARGV[6])
local first_known = pairs_end + 1
local over = cap > 0 and redis.call('HLEN', KEYS[3]) + 1 - redis.call('HEXISTS', KEYS[3], ARGV[2]) > cap
if over and not covered(3, first_known) then return ${STALE} end
redis.call('SET', KEYS[1], ARGV[5], 'PXAT', ARGV[1])
redis.call('HSET', KEYS[2], unpack(ARGV, 7, pairs_end))
redis.call('PEXPIREAT', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[2], '1')
if redis.call('PTTL', KEYS[3]) < tonumber(ARGV[1]) - tonumber(ARGV[3]) then
  redis.call('PEXPIREAT', KEYS[3], ARGV[1])
end
if not over then return 0 end
local live = {}
for i = first_known, #ARGV do
  local sid = ARGV[i]
  local k = 3 + 2 * (i - first_known)
  if sid ~= ARGV[2] then
    local created = redis.call('HGET', KEYS[k + 2], 'c')
    if redis.call('EXISTS', KEYS[k + 1]) == 1 and created then
      table.insert(live, {tonumber(created), sid, k})
    else
      redis.call('DEL', KEYS[k + 1], KEYS[k + 2])
      redis.call('HDEL', KEYS[3], sid)
    end
  end
end
table.sort(live, function(a, b) return a[1] < b[1] end)
local ended = 0
-- The new session is the newest and one of the \`cap\` that stay.
for i = 1, #live + 1 - cap do
  local k = live[i][3]
  redis.call('DEL', KEYS[k + 1], KEYS[k + 2])
  redis.call('HDEL', KEYS[3], live[i][2])
  ended = ended + 1
end
return ended
`

/**
 * KEYS: live, session. ARGV: presented hash, successor hash, sealed successor, now (ms), grace (ms).
 * Returns {outcome, sealed or '', created, expires, ip, user version or '', user agent pieces...}. Never writes the
 * liveness marker except to delete it on reuse: a refresh reaches no tracked verifier.
 */
export const ROTATE_REFRESH_TOKEN = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'unknown'} end
local s = redis.call('HMGET', KEYS[2], 'rt', 'p', 'pa', 'pn', 'c', 'e', 'i', 'uv', ${Array.from({ length: USER_AGENT_PIECES }, (_, n) => `'a${n === 0 ? '' : n}'`).join(', ')})
if not s[1] then return {'unknown'} end
local function answer(outcome, extra)
  local reply = {outcome, extra or '', s[5], s[6], s[7] or '', s[8] or ''}
  for n = 9, 8 + ${USER_AGENT_PIECES} do reply[#reply + 1] = s[n] or '' end
  return reply
end
if s[1] == ARGV[1] then
  if s[2] then redis.call('HSET', KEYS[2], '-' .. s[2], '1') end
  redis.call('HSET', KEYS[2], 'rt', ARGV[2], 'p', ARGV[1], 'pa', ARGV[4], 'pn', ARGV[3])
  return answer('rotated')
end
if s[2] == ARGV[1] and tonumber(ARGV[4]) - tonumber(s[3]) <= tonumber(ARGV[5]) then
  return answer('grace', s[4])
end
if s[2] == ARGV[1] or redis.call('HEXISTS', KEYS[2], '-' .. ARGV[1]) == 1 then
  redis.call('DEL', KEYS[1], KEYS[2])
  return {'reused'}
end
return {'unknown'}
`

/** KEYS: live, session. ARGV: token hash. Returns 1 when the hash is current, the previous, or retired. */
export const ISSUED_REFRESH_TOKEN = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local s = redis.call('HMGET', KEYS[2], 'rt', 'p')
if not s[1] then return 0 end
if s[1] == ARGV[1] or s[2] == ARGV[1] then return 1 end
return redis.call('HEXISTS', KEYS[2], '-' .. ARGV[1])
`

/**
 * KEYS: user index, then live/session of each known session. ARGV: session id to keep (or ''), then the known
 * session ids. Returns how many sessions ended, or STALE.
 */
export const REVOKE_USER_SESSIONS = `${COVERED}
if not covered(1, 2) then return ${STALE} end
local ended = 0
for i = 2, #ARGV do
  local sid = ARGV[i]
  if sid ~= ARGV[1] then
    local k = 1 + 2 * (i - 2)
    ended = ended + redis.call('DEL', KEYS[k + 1])
    redis.call('DEL', KEYS[k + 2])
    redis.call('HDEL', KEYS[1], sid)
  end
end
return ended
`

/**
 * KEYS: user index, then live/session of each known session. ARGV: the known session ids. Drops the user version
 * of every session of the user, so refreshes read the user from MongoDB until SET_USER_VERSION names the new one
 * (see withUserChange in the issuer). Returns 1, or STALE.
 */
export const FORGET_USER_VERSION = `${COVERED}
if not covered(1, 1) then return ${STALE} end
for i = 1, #ARGV do
  local k = 2 * i + 1
  redis.call('HDEL', KEYS[k], 'uv')
end
return 1
`

/**
 * KEYS: user index, then live/session of each known session. ARGV: version, then the known session ids.
 * Records the user version on every live session of the user, only ever raising it, so two changes that finish out
 * of order leave the newer version. Returns 1, or STALE.
 */
export const SET_USER_VERSION = `${COVERED}
if not covered(1, 2) then return ${STALE} end
for i = 2, #ARGV do
  local k = 2 * (i - 1) + 1
  if redis.call('EXISTS', KEYS[k]) == 1 then
    local uv = redis.call('HGET', KEYS[k], 'uv')
    if not uv or tonumber(uv) < tonumber(ARGV[1]) then redis.call('HSET', KEYS[k], 'uv', ARGV[1]) end
  end
end
return 1
`
