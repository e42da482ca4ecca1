// Lua scripts, each one atomic step in Redis. Sessions and their retired-token sets share a TTL: the session's.
// Scripts that work on all of a user's sessions build session keys from ARGV[1] (the session key prefix), so this store needs a
// single Redis (or Sentinel), not Cluster.

/**
 * KEYS: session, user set. ARGV: expiresAt (ms), sessionId, now (ms), session key prefix, most sessions per user
 * (0: no cap), then field/value pairs. Past the cap, the user's oldest sessions end (issue 11). Returns how many ended.
 */
export const CREATE_SESSION = `
redis.call('HSET', KEYS[1], unpack(ARGV, 6))
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[1]) - tonumber(ARGV[3]) then
  redis.call('PEXPIREAT', KEYS[2], ARGV[1])
end
local cap = tonumber(ARGV[5])
if cap == 0 or redis.call('SCARD', KEYS[2]) <= cap then return 0 end
local live = {}
for _, sid in ipairs(redis.call('SMEMBERS', KEYS[2])) do
  local created = redis.call('HGET', ARGV[4] .. sid, 'created')
  if created then table.insert(live, {tonumber(created), sid}) else redis.call('SREM', KEYS[2], sid) end
end
table.sort(live, function(a, b) return a[1] < b[1] end)
local ended = 0
for i = 1, #live - cap do
  local sid = live[i][2]
  redis.call('DEL', ARGV[4] .. sid, ARGV[4] .. sid .. ':retired')
  redis.call('SREM', KEYS[2], sid)
  ended = ended + 1
end
return ended
`

/**
 * KEYS: session, retired. ARGV: presented hash, successor hash, sealed successor, now (ms), grace (ms).
 * Returns {outcome, uid, created, exp, ua, ip, sealed or '', user version or ''}.
 */
export const ROTATE_REFRESH_TOKEN = `
local s = redis.call('HMGET', KEYS[1], 'rt', 'prev', 'prev_at', 'prev_next', 'uid', 'created', 'exp', 'ua', 'ip', 'uv')
if not s[1] then return {'unknown'} end
local function answer(outcome, extra)
  return {outcome, s[5], s[6], s[7], s[8], s[9], extra or '', s[10] or ''}
end
if s[1] == ARGV[1] then
  redis.call('HSET', KEYS[1], 'rt', ARGV[2], 'prev', ARGV[1], 'prev_at', ARGV[4], 'prev_next', ARGV[3], 'used', ARGV[4])
  redis.call('SADD', KEYS[2], ARGV[1])
  redis.call('PEXPIREAT', KEYS[2], s[7])
  return answer('rotated')
end
if s[2] == ARGV[1] and tonumber(ARGV[4]) - tonumber(s[3]) <= tonumber(ARGV[5]) then
  return answer('grace', s[4])
end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then
  redis.call('DEL', KEYS[1], KEYS[2])
  return {'reused', s[5]}
end
return {'unknown'}
`

/** KEYS: session, retired. ARGV: token hash. Returns 1 when the hash is current, the previous, or retired. */
export const ISSUED_REFRESH_TOKEN = `
local s = redis.call('HMGET', KEYS[1], 'rt', 'prev')
if not s[1] then return 0 end
if s[1] == ARGV[1] or s[2] == ARGV[1] then return 1 end
return redis.call('SISMEMBER', KEYS[2], ARGV[1])
`

/** KEYS: user set. ARGV: session key prefix, session id to keep (or ''). Returns how many sessions ended. */
export const REVOKE_USER_SESSIONS = `
local ended = 0
for _, sid in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if sid ~= ARGV[2] then
    ended = ended + redis.call('DEL', ARGV[1] .. sid)
    redis.call('DEL', ARGV[1] .. sid .. ':retired')
    redis.call('SREM', KEYS[1], sid)
  end
end
return ended
`

/**
 * KEYS: user set. ARGV: session key prefix. Drops the user version of every session of the user, so refreshes read
 * the user from MongoDB until SET_USER_VERSION names the new one (see withUserChange in the issuer).
 */
export const FORGET_USER_VERSION = `
for _, sid in ipairs(redis.call('SMEMBERS', KEYS[1])) do redis.call('HDEL', ARGV[1] .. sid, 'uv') end
return 1
`

/**
 * KEYS: user set. ARGV: session key prefix, version. Records the user version on every live session of the user,
 * only ever raising it, so two changes that finish out of order leave the newer version.
 */
export const SET_USER_VERSION = `
for _, sid in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local key = ARGV[1] .. sid
  if redis.call('EXISTS', key) == 1 then
    local uv = redis.call('HGET', key, 'uv')
    if not uv or tonumber(uv) < tonumber(ARGV[2]) then redis.call('HSET', key, 'uv', ARGV[2]) end
  end
end
return 1
`
