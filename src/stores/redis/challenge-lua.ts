import { LUA_HELPERS } from './lua-helpers'

/**
 * The challenge scripts' common part. Keys under the prefix: `ch:<id>` hash (the challenge),
 * `ch-key:<public key>` and `ch-all`, sorted sets of ids by expiry (the two bounds). ARGV: 1
 * prefix, 2 TTL margin; then the operation's own.
 */
const CHALLENGE_PRELUDE = `${LUA_HELPERS}
local ALL = P .. 'ch-all'
local function drop(id, publicKey)
  redis.call('DEL', P .. 'ch:' .. id)
  redis.call('ZREM', P .. 'ch-key:' .. publicKey, id)
  redis.call('ZREM', ALL, id)
end
`

/**
 * ARGV 3 maxPerKey, 4 maxTotal, 5 id, 6 public key, 7 caps, 8 text, 9 expiresAt, 10 now.
 * Counts and adds in one step, so parallel puts never pass a bound. Answers 'ok', 'key' or 'total'.
 */
export const PUT_LUA = `${CHALLENGE_PRELUDE}
local id, publicKey, expiresAt, now = ARGV[5], ARGV[6], tonumber(ARGV[9]), tonumber(ARGV[10])
local byKey = P .. 'ch-key:' .. publicKey
if redis.call('EXISTS', P .. 'ch:' .. id) == 1 then return redis.error_reply('jwt-hooks: a challenge with this id exists already') end
for _, old in ipairs(redis.call('ZRANGEBYSCORE', byKey, '-inf', num(now))) do drop(old, publicKey) end
if redis.call('ZCARD', byKey) >= tonumber(ARGV[3]) then return 'key' end
if redis.call('ZCOUNT', ALL, '(' .. num(now), '+inf') >= tonumber(ARGV[4]) then return 'total' end
local ms = ttl(expiresAt, now)
redis.call('HSET', P .. 'ch:' .. id, 'publicKeyZ32', publicKey, 'caps', ARGV[7], 'text', ARGV[8], 'expiresAt', ARGV[9])
redis.call('PEXPIRE', P .. 'ch:' .. id, ms)
redis.call('ZADD', byKey, ARGV[9], id)
extend(byKey, ms)
redis.call('ZADD', ALL, ARGV[9], id)
extend(ALL, ms)
return 'ok'
`

/** ARGV 3 id, 4 now. Deletes it whatever happens; answers its fields only while it is live. */
export const TAKE_CHALLENGE_LUA = `${CHALLENGE_PRELUDE}
local id, now = ARGV[3], tonumber(ARGV[4])
local f = redis.call('HMGET', P .. 'ch:' .. id, 'publicKeyZ32', 'caps', 'text', 'expiresAt')
if f[1] == false then return false end
drop(id, f[1])
if tonumber(f[4]) <= now then return false end
return f
`

/** ARGV 3 now, 4 batch. Deletes expired challenges; answers how many. */
export const SWEEP_CHALLENGES_LUA = `${CHALLENGE_PRELUDE}
local ids = redis.call('ZRANGEBYSCORE', ALL, '-inf', ARGV[3], 'LIMIT', 0, tonumber(ARGV[4]))
for _, id in ipairs(ids) do
  local publicKey = redis.call('HGET', P .. 'ch:' .. id, 'publicKeyZ32')
  if publicKey then drop(id, publicKey) else redis.call('ZREM', ALL, id) end
end
return #ids
`
