import { LUA_HELPERS } from './lua-helpers'

/**
 * The marks (recognised address groups): `mark:<key>` holds until when, `mark-all` every mark
 * by when it was last remembered (the least recent goes past the bound). ARGV: 1 prefix, 2 TTL
 * margin, 3 rememberMs, 4 maxRemembered, 5 key, 6 now.
 */
const MARK_PRELUDE = `${LUA_HELPERS}
local REMEMBER, MAX_MARKS = tonumber(ARGV[3]), tonumber(ARGV[4])
local MARKS = P .. 'mark-all'
local key, now = ARGV[5], tonumber(ARGV[6])
`

export const REMEMBER_LUA = `${MARK_PRELUDE}
local ms = ttl(now + REMEMBER, now)
redis.call('SET', P .. 'mark:' .. key, num(now + REMEMBER), 'PX', ms)
redis.call('ZADD', MARKS, num(now), key)
extend(MARKS, ms)
while redis.call('ZCARD', MARKS) > MAX_MARKS do
  local oldest = redis.call('ZPOPMIN', MARKS)
  redis.call('DEL', P .. 'mark:' .. oldest[1])
end
return 1
`

/** Answers 1 while the mark is remembered at `now`; a mark past its time is forgotten. */
export const RECALLS_LUA = `${MARK_PRELUDE}
local untilMs = redis.call('GET', P .. 'mark:' .. key)
if not untilMs then return 0 end
if now < tonumber(untilMs) then return 1 end
redis.call('DEL', P .. 'mark:' .. key)
redis.call('ZREM', MARKS, key)
return 0
`
