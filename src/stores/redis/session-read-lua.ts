import { LUA_HELPERS } from './lua-helpers'

const KEYS = `${LUA_HELPERS}
local ENDS, LOG, META = P .. 'sess-ends', P .. 'revoked', P .. 'revoked-meta'
`

/**
 * ARGV 3 the cursor's epoch, 4 its number, 5 page size. A cursor of another epoch (Redis lost
 * its data, or the log expired, since it was made), or past the counter (Redis went back to an
 * older snapshot), starts again from the beginning. Answers { epoch or '', the number read
 * from, entries, then sid, number, access exp (or false) per entry }.
 */
export const REVOCATIONS_LUA = `${KEYS}
local meta = redis.call('HMGET', META, 'epoch', 'seq')
local epoch = meta[1]
local after = 0
if epoch and epoch == ARGV[3] and tonumber(ARGV[4]) <= tonumber(meta[2] or 0) then after = tonumber(ARGV[4]) end
local page = redis.call('ZRANGEBYSCORE', LOG, '(' .. num(after), '+inf', 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[5]))
local out = { epoch or '', num(after), #page / 2 }
for i = 1, #page, 2 do
  out[#out + 1] = page[i]
  out[#out + 1] = page[i + 1]
  out[#out + 1] = redis.call('HGET', P .. 'sess:' .. page[i], 'accessExpiresAt')
end
return out
`

/** ARGV 3 now, 4 batch. Deletes sessions whose time is up, with their tokens and log entries. */
export const SWEEP_LUA = `${KEYS}
local sids = redis.call('ZRANGEBYSCORE', ENDS, '-inf', ARGV[3], 'LIMIT', 0, tonumber(ARGV[4]))
for _, sid in ipairs(sids) do
  local family = P .. 'fam:' .. sid
  for _, hash in ipairs(redis.call('SMEMBERS', family)) do redis.call('DEL', P .. 'rt:' .. hash) end
  redis.call('DEL', family, P .. 'sess:' .. sid)
  redis.call('ZREM', ENDS, sid)
  redis.call('ZREM', LOG, sid)
end
return #sids
`

/**
 * ARGV 3 a refresh hash, current or spent. Answers { sid, HGETALL } or {} for an unknown token:
 * one script, so a sweep never falls between reading the token and reading its session.
 */
export const FIND_BY_REFRESH_LUA = `${KEYS}
local sid = redis.call('GET', P .. 'rt:' .. ARGV[3])
if not sid then return {} end
local fields = redis.call('HGETALL', P .. 'sess:' .. sid)
if #fields == 0 then return {} end
return { sid, fields }
`
