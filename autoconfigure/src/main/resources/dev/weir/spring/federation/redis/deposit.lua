-- Weir regional escrow deposit. KEYS[1] the entry. ARGV: window, windowEnd, units, windowMillis.
-- Adds for the same window, replaces an older one, refuses for a newer one held.
local w = tonumber(ARGV[1])
local held = tonumber(redis.call('HGET', KEYS[1], 'w'))
if held and held > w then
  return 0
end
if (not held) or held < w then
  redis.call('HSET', KEYS[1], 'w', ARGV[1], 'end', ARGV[2], 'bal', ARGV[3])
else
  redis.call('HINCRBY', KEYS[1], 'bal', ARGV[3])
end
redis.call('PEXPIREAT', KEYS[1], string.format('%d', tonumber(ARGV[2]) + tonumber(ARGV[4])))
return tonumber(ARGV[3])
