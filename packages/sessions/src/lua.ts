// Lua scripts, each one atomic step in Redis. Sessions and their retired-token sets share a TTL: the session's.
// Scripts that revoke by user build session keys from ARGV[1] (the session key prefix), so this store needs a
// single Redis (or Sentinel), not Cluster.

/** KEYS: session, user set. ARGV: expiresAt (ms), sessionId, now (ms), then field/value pairs. */
export const CREATE_SESSION = `
redis.call('HSET', KEYS[1], unpack(ARGV, 4))
redis.call('PEXPIREAT', KEYS[1], ARGV[1])
redis.call('SADD', KEYS[2], ARGV[2])
if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[1]) - tonumber(ARGV[3]) then
  redis.call('PEXPIREAT', KEYS[2], ARGV[1])
end
return 1
`

/**
 * KEYS: session, retired. ARGV: presented hash, successor hash, sealed successor, now (ms), grace (ms).
 * Returns {outcome, uid, email, roles, created, exp, ua, ip, sealed?}.
 */
export const ROTATE_REFRESH_TOKEN = `
local s = redis.call('HMGET', KEYS[1], 'rt', 'prev', 'prev_at', 'prev_next', 'uid', 'email', 'roles', 'created', 'exp', 'ua', 'ip')
if not s[1] then return {'unknown'} end
local function answer(outcome, extra)
  return {outcome, s[5], s[6], s[7], s[8], s[9], s[10], s[11], extra or ''}
end
if s[1] == ARGV[1] then
  redis.call('HSET', KEYS[1], 'rt', ARGV[2], 'prev', ARGV[1], 'prev_at', ARGV[4], 'prev_next', ARGV[3], 'used', ARGV[4])
  redis.call('SADD', KEYS[2], ARGV[1])
  redis.call('PEXPIREAT', KEYS[2], s[9])
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
