// Lua functions the scripts of lua.ts share, and the Lua positions of session-state.ts's byte offsets.
import { AT, DIGEST_BYTES, STATE_FORMAT } from './session-state.js'

// Lua positions are 1-based: `at(...)` is the Lua position of a byte offset of session-state.ts.
export const at = (offset: number): number => offset + 1
const last = (offset: number, bytes: number): number => offset + bytes

// Lua shared by the scripts that read states: `retired_at(v)` is the position of the first retired digest of the
// state `v`, or nil when `v` is no state of this format; `retired(v, from, digest)` is true when `digest` is one of
// the retired digests from there on.
export const STATE = `
local function retired_at(v)
  if not v or #v < ${AT.ip} or string.byte(v, 1) ~= ${STATE_FORMAT} then return nil end
  local ip_length, agent_length = struct.unpack('>BH', v, ${at(AT.ipLength)})
  local from = ${at(AT.ip)} + ip_length + agent_length
  if from > #v + 1 or (#v + 1 - from) % ${DIGEST_BYTES} ~= 0 then return nil end
  return from
end
local function retired(v, from, digest)
  for p = from, #v, ${DIGEST_BYTES} do
    if string.sub(v, p, p + ${DIGEST_BYTES - 1}) == digest then return true end
  end
  return false
end
local function current(v) return string.sub(v, ${at(AT.current)}, ${last(AT.current, DIGEST_BYTES)}) end
local function previous(v) return string.sub(v, ${at(AT.previous)}, ${last(AT.previous, DIGEST_BYTES)}) end
`

// Lua shared by the user-wide scripts: `covered(n, first)` is true when every session of the hash KEYS[n] is among
// ARGV[first..]. Every key a script names is written `KEYS[<index>]` (a test checks it).
export const COVERED = `
local function covered(n, first)
  local known = {}
  for i = first, #ARGV do known[ARGV[i]] = true end
  for _, sid in ipairs(redis.call('HKEYS', KEYS[n])) do
    if not known[sid] then return false end
  end
  return true
end
`

// Deletes the states of KEYS[n] that expired by Redis's clock (their markers have expired too), so a user who never
// lists sessions nor reaches the cap keeps no dead ones. Fields of another shape wait for a script with their marker.
export const PRUNE_EXPIRED = `
local function prune_expired(n)
  local time = redis.call('TIME')
  local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
  local all = redis.call('HGETALL', KEYS[n])
  for i = 1, #all, 2 do
    local v = all[i + 1]
    if retired_at(v) and struct.unpack('>I6', v, ${at(AT.expiresAt)}) < now then redis.call('HDEL', KEYS[n], all[i]) end
  end
end
`

// Rewrites the user version of every state in KEYS[1] for which `change(version)` answers a new one.
export const EACH_VERSION = `
local function each_version(change)
  local all = redis.call('HGETALL', KEYS[1])
  for i = 1, #all, 2 do
    local v = all[i + 1]
    local version = retired_at(v) and change(struct.unpack('>I4', v, ${at(AT.version)}))
    if version then
      local changed = string.sub(v, 1, ${AT.version}) .. struct.pack('>I4', version) .. string.sub(v, ${at(AT.version) + 4})
      redis.call('HSET', KEYS[1], all[i], changed)
    end
  end
  return 1
end
`

