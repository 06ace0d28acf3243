// Lua run inside Redis, so that each check-then-write happens atomically on the server.

/**
 * Compare-and-swap. KEYS[1]: the key. ARGV: expectAbsent ('1'/'0'), expected value, delete ('1'/'0'),
 * new value, ttl in ms ('' for none, 'KEEPTTL' to keep the key's). Returns 1 when it wrote, 0 when the stored
 * value was not the expected one.
 */
export const COMPARE_AND_SWAP = `
local current = redis.call('GET', KEYS[1])
if ARGV[1] == '1' then
  if current then return 0 end
elseif current ~= ARGV[2] then
  return 0
end
if ARGV[3] == '1' then
  redis.call('DEL', KEYS[1])
elseif ARGV[5] == 'KEEPTTL' then
  redis.call('SET', KEYS[1], ARGV[4], 'KEEPTTL')
elseif ARGV[5] ~= '' then
  redis.call('SET', KEYS[1], ARGV[4], 'PX', ARGV[5])
else
  redis.call('SET', KEYS[1], ARGV[4])
end
return 1
`

/** Removes the expiry of KEYS[1]; returns 1 when the key exists (with or without an expiry), else 0. */
export const PERSIST_EXISTING = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('PERSIST', KEYS[1])
return 1
`
