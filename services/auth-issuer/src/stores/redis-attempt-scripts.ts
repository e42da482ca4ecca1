import type { RedisClient } from '@authpair/verifier/redis'

// Reserves an attempt in every budget at once, on Redis's clock so issuer instances agree.
// KEYS: per budget its failure count and its set of attempts in flight (scored by lease end), then the success
// ceilings. ARGV: attempt id, lease (ms), the number of budgets, each budget's limit, each ceiling's limit.
// Returns 0 (reserved), -1 (failures plus attempts in flight fill a budget: wait), or the ms until a budget whose
// failures, or a ceiling whose successes, reached the limit starts over (refuse).
const RESERVE = `
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local budgets = tonumber(ARGV[3])
local refuseMs, busy = 0, false
for i = 1, budgets do
  local count, inFlight, limit = KEYS[2 * i - 1], KEYS[2 * i], tonumber(ARGV[3 + i])
  -- Reservations of a process that died before settling them end with their lease.
  redis.call('ZREMRANGEBYSCORE', inFlight, '-inf', now)
  local failures = tonumber(redis.call('GET', count) or '0')
  if failures >= limit then refuseMs = math.max(refuseMs, redis.call('PTTL', count), 1)
  elseif failures + redis.call('ZCARD', inFlight) >= limit then busy = true end
end
for j = 2 * budgets + 1, #KEYS do
  if tonumber(redis.call('GET', KEYS[j]) or '0') >= tonumber(ARGV[3 + j - budgets]) then
    refuseMs = math.max(refuseMs, redis.call('PTTL', KEYS[j]), 1)
  end
end
if refuseMs > 0 then return refuseMs end
if busy then return -1 end
for i = 1, budgets do
  redis.call('ZADD', KEYS[2 * i], now + tonumber(ARGV[2]), ARGV[1])
  redis.call('PEXPIRE', KEYS[2 * i], ARGV[2])
end
return 0
`

// Settles an attempt. KEYS: the sets it is in flight in, the counts to increment (a new count lives for the
// window), the counts to clear. ARGV: attempt id, window (ms), how many sets, how many counts to increment.
const SETTLE = `
local sets, increments = tonumber(ARGV[3]), tonumber(ARGV[4])
for i = 1, sets do redis.call('ZREM', KEYS[i], ARGV[1]) end
for i = sets + 1, sets + increments do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
end
for i = sets + increments + 1, #KEYS do redis.call('DEL', KEYS[i]) end
return 1
`

/** The two scripts as commands; the first argument of each is its number of keys. */
export interface AttemptCommands {
  reserveAttempt(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>
  settleAttempt(numberOfKeys: number, ...keysThenArgs: string[]): Promise<number>
}

/** Defines the scripts on this client once. */
export function withAttemptCommands(redis: RedisClient): RedisClient & AttemptCommands {
  if (!('reserveAttempt' in redis)) {
    redis.defineCommand('reserveAttempt', { lua: RESERVE })
    redis.defineCommand('settleAttempt', { lua: SETTLE })
  }
  return redis as RedisClient & AttemptCommands
}
