/**
 * Lua shared by the scripts: ARGV[1] is the key prefix, ARGV[2] the TTL margin (ms).
 * `num` writes a number exactly (Lua's own tostring keeps 14 digits); `ttl` is how long a key
 * must live from `now` for data that matters until `finish`; `extend` lengthens a key's TTL,
 * never shortens it (for the index keys many entries share).
 */
export const LUA_HELPERS = `
local P = ARGV[1]
local MARGIN = tonumber(ARGV[2])
local function num(n) return string.format('%.17g', n) end
local function ttl(finish, now)
  local ms = math.ceil(finish - now)
  if ms < 0 then ms = 0 end
  ms = ms + MARGIN
  if ms < 1 then ms = 1 end
  return ms
end
local function extend(key, ms)
  local left = redis.call('PTTL', key)
  if left == -1 or (left >= 0 and left < ms) then redis.call('PEXPIRE', key, ms) end
end
`
