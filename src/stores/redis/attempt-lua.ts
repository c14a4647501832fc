import { LUA_HELPERS } from './lua-helpers'

/**
 * The counter scripts' common part: the policy of `attempt-policy.ts` in Lua. ARGV: 1 prefix,
 * 2 TTL margin, 3 freeAttempts, 4 delayMs, 5 maxDelayMs, 6 windowMs, 7 maxKeys; then the
 * operation's own. Keys under the prefix: `at:<key>` hash (count, last, previous), and
 * `at-all`, every counter by its expiry (to count them, and find the expired ones when full).
 */
const COUNTER_PRELUDE = `${LUA_HELPERS}
local FREE, DELAY, MAX_DELAY, WINDOW, MAX_KEYS = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local ALL = P .. 'at-all'
local function delay(count)
  if count < FREE then return 0 end
  return math.min(DELAY * 2 ^ (count - FREE), MAX_DELAY)
end
local function expiry(c) return c.last + delay(c.count) + WINDOW end
local function read(key)
  local f = redis.call('HMGET', P .. 'at:' .. key, 'count', 'last', 'previous')
  if f[1] == false then return nil end
  return { count = tonumber(f[1]), last = tonumber(f[2]), previous = tonumber(f[3]) }
end
local function write(key, c, ms)
  redis.call('HSET', P .. 'at:' .. key, 'count', num(c.count), 'last', num(c.last), 'previous', num(c.previous))
  redis.call('PEXPIRE', P .. 'at:' .. key, ms)
  redis.call('ZADD', ALL, num(expiry(c)), key)
  extend(ALL, ms)
end
local function forget(key)
  redis.call('DEL', P .. 'at:' .. key)
  redis.call('ZREM', ALL, key)
end
`

/**
 * ARGV 8 now, 9… the keys. Counts under every key unless one must wait; a new counter only
 * when there is room, found first among the expired ones (a bounded batch): a live counter is
 * never dropped. Answers { 'taken' } | { 'throttled' | 'full', waitMs }.
 */
export const TAKE_LUA = `${COUNTER_PRELUDE}
local now = tonumber(ARGV[8])
local found, wait, needed = {}, 0, 0
for i = 9, #ARGV do
  local c = read(ARGV[i])
  if c and now >= expiry(c) then
    forget(ARGV[i])
    c = nil
  end
  found[i] = c or false
  if c then wait = math.max(wait, c.last + delay(c.count) - now) else needed = needed + 1 end
end
if wait > 0 then return { 'throttled', num(wait) } end
if needed > 0 and redis.call('ZCARD', ALL) + needed > MAX_KEYS then
  for _, key in ipairs(redis.call('ZRANGEBYSCORE', ALL, '-inf', num(now), 'LIMIT', 0, 1000)) do forget(key) end
  if redis.call('ZCARD', ALL) + needed > MAX_KEYS then
    local soonest = redis.call('ZRANGE', ALL, 0, 0, 'WITHSCORES')
    return { 'full', num(math.max(1, (tonumber(soonest[2]) or now) - now)) }
  end
end
for i = 9, #ARGV do
  local c = found[i] or { count = 0, last = now }
  local counted = { count = c.count + 1, last = now, previous = c.last }
  write(ARGV[i], counted, ttl(expiry(counted), now))
end
return { 'taken' }
`

/** ARGV 8 key, 9 takenAt: one less, and the time before if nothing was counted since. */
export const GIVE_BACK_LUA = `${COUNTER_PRELUDE}
local key, takenAt = ARGV[8], tonumber(ARGV[9])
local c = read(key)
if not c then return 0 end
if c.count <= 1 then
  forget(key)
  return 1
end
local last = c.last
if last == takenAt then last = c.previous end
local back = { count = c.count - 1, last = last, previous = last }
-- No clock here: the TTL shortens by as much as the expiry moved.
local left = redis.call('PTTL', P .. 'at:' .. key)
local ms = ttl(expiry(back), takenAt)
if left > 0 then ms = math.max(1, left - (expiry(c) - expiry(back))) end
write(key, back, math.ceil(ms))
return 1
`

/** ARGV 8 key. */
export const CLEAR_LUA = `${COUNTER_PRELUDE}
forget(ARGV[8])
return 1
`
