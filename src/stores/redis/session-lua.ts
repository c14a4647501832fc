import { LUA_HELPERS } from './lua-helpers'

/**
 * The session scripts' common part. ARGV: 1 prefix, 2 TTL margin, 3 this store's origin id (so
 * it skips its own pub/sub echo), 4 an epoch id to start the revocation log with; then the
 * operation's own. Keys under the prefix:
 * - `sess:<sid>` hash: the session's fields and `current`, the hash of its current refresh token
 * - `rt:<hash>` the sid of a refresh token, current or spent; `fam:<sid>` set: a family's hashes
 * - `sess-ends` sorted set: sid by the time it can be deleted (what `sweep` walks)
 * - `revoked` sorted set: sid by revocation number; `revoked-meta` hash: `epoch`, `seq` (the counter)
 * A token is spent when it is not its session's `current`: a rotation writes one new key and
 * one field, and reuse is one comparison.
 */
const SESSION_PRELUDE = `${LUA_HELPERS}
local ORIGIN, EPOCH = ARGV[3], ARGV[4]
local ENDS, LOG, META = P .. 'sess-ends', P .. 'revoked', P .. 'revoked-meta'

-- The session's keys live until finish (plus the margin), and sweep finds it from then.
local function keep(sid, finish, now)
  local ms = ttl(finish, now)
  redis.call('PEXPIRE', P .. 'sess:' .. sid, ms)
  redis.call('PEXPIRE', P .. 'fam:' .. sid, ms)
  redis.call('ZADD', ENDS, num(finish), sid)
  extend(ENDS, ms)
  return ms
end

-- Revokes a live or expired session: numbered by the counter in this same script, so
-- revocations are numbered in the order they commit and a poller past n has seen 1..n. Then
-- nothing of it is needed once its last access token has expired. Answers that time, or false.
local function revoke(sid, now)
  local s = P .. 'sess:' .. sid
  local found = redis.call('HMGET', s, 'revokedAt', 'accessExpiresAt')
  if found[2] == false or found[1] ~= false then return false end
  local access = tonumber(found[2])
  redis.call('HSET', s, 'revokedAt', num(now))
  redis.call('HSETNX', META, 'epoch', EPOCH)
  local seq = redis.call('HINCRBY', META, 'seq', 1)
  redis.call('ZADD', LOG, seq, sid)
  local ms = keep(sid, access, now)
  for _, hash in ipairs(redis.call('SMEMBERS', P .. 'fam:' .. sid)) do redis.call('PEXPIRE', P .. 'rt:' .. hash, ms) end
  -- The counter outlives every entry of the log: a reader never sees old numbers under a new epoch.
  extend(LOG, ms)
  extend(META, ms)
  redis.call('PUBLISH', P .. 'revocations', cjson.encode({ sid = sid, ['until'] = access, origin = ORIGIN }))
  return access
end
`

/** ARGV 5 sid, 6 refresh hash, 7 createdAt, 8 the time it can be deleted, 9… field, value pairs. */
export const CREATE_LUA = `${SESSION_PRELUDE}
local sid, hash, now, finish = ARGV[5], ARGV[6], tonumber(ARGV[7]), tonumber(ARGV[8])
if redis.call('EXISTS', P .. 'sess:' .. sid) == 1 then return redis.error_reply('jwt-hooks: a session with this sid exists already') end
if redis.call('EXISTS', P .. 'rt:' .. hash) == 1 then return redis.error_reply('jwt-hooks: this refresh token hash exists already') end
local fields = {}
for i = 9, #ARGV do fields[#fields + 1] = ARGV[i] end
redis.call('HSET', P .. 'sess:' .. sid, 'current', hash, unpack(fields))
redis.call('SADD', P .. 'fam:' .. sid, hash)
redis.call('SET', P .. 'rt:' .. hash, sid, 'PX', keep(sid, finish, now))
return 1
`

/**
 * ARGV 5 hash, 6 next hash, 7 the coming access token's exp, 8 now. Every check comes before
 * the first write, so a refused rotation (a colliding next hash) leaves nothing behind.
 * Answers { 'rotated', sid, HGETALL } | { 'reused', sid, until or false } | { 'invalid' }.
 */
export const ROTATE_LUA = `${SESSION_PRELUDE}
local hash, nextHash, access, now = ARGV[5], ARGV[6], tonumber(ARGV[7]), tonumber(ARGV[8])
local sid = redis.call('GET', P .. 'rt:' .. hash)
if not sid then return { 'invalid' } end
local s = P .. 'sess:' .. sid
local f = redis.call('HMGET', s, 'current', 'revokedAt', 'expiresAt', 'accessExpiresAt')
if f[3] == false then return { 'invalid' } end
if f[1] ~= hash then
  local revokedUntil = revoke(sid, now)
  return { 'reused', sid, revokedUntil and num(revokedUntil) or false }
end
if f[2] ~= false or tonumber(f[3]) <= now then return { 'invalid' } end
if redis.call('EXISTS', P .. 'rt:' .. nextHash) == 1 then return redis.error_reply('jwt-hooks: this refresh token hash exists already') end
local mark = math.max(tonumber(f[4]), access)
redis.call('HSET', s, 'current', nextHash, 'accessExpiresAt', num(mark))
redis.call('SADD', P .. 'fam:' .. sid, nextHash)
redis.call('SET', P .. 'rt:' .. nextHash, sid, 'PX', keep(sid, math.max(tonumber(f[3]), mark), now))
return { 'rotated', sid, redis.call('HGETALL', s) }
`

/** ARGV 5 sid, 6 now. Answers the revocation's `until`, or nil when there was nothing to revoke. */
export const REVOKE_LUA = `${SESSION_PRELUDE}
local revokedUntil = revoke(ARGV[5], tonumber(ARGV[6]))
return revokedUntil and num(revokedUntil) or false
`

/** ARGV 5 hash, 6 now. Answers { sid, 1 when it was live, until or false }, or {} for an unknown token. */
export const REVOKE_BY_REFRESH_LUA = `${SESSION_PRELUDE}
local now = tonumber(ARGV[6])
local sid = redis.call('GET', P .. 'rt:' .. ARGV[5])
if not sid then return {} end
local f = redis.call('HMGET', P .. 'sess:' .. sid, 'revokedAt', 'expiresAt')
if f[2] == false then return {} end
local live = f[1] == false and tonumber(f[2]) > now
local revokedUntil = revoke(sid, now)
return { sid, live and 1 or 0, revokedUntil and num(revokedUntil) or false }
`

/**
 * ARGV 5 sid, 6 until, 7 now. A sid Redis holds no session of (it lost it): a revoked session
 * with no refresh token, living until \`until\` (plus the margin), numbered and published by
 * \`revoke\`. Answers until, or nil when the sid is there already.
 */
export const RECORD_LUA = `${SESSION_PRELUDE}
local sid, untilMs, now = ARGV[5], tonumber(ARGV[6]), tonumber(ARGV[7])
local s = P .. 'sess:' .. sid
if redis.call('EXISTS', s) == 1 then return false end
redis.call('HSET', s, 'sub', '', 'createdAt', num(now), 'expiresAt', num(now), 'accessExpiresAt', num(untilMs))
local revokedUntil = revoke(sid, now)
return revokedUntil and num(revokedUntil) or false
`
