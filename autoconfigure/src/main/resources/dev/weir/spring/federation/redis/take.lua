-- Weir regional escrow take. KEYS[1] the entry. ARGV: want. Returns {units, window, windowEnd}.
-- The store never judges expiry: the taker converts the end with its own coordinator exchange.
local fields = redis.call('HMGET', KEYS[1], 'w', 'end', 'bal')
local bal = tonumber(fields[3] or '0')
if bal <= 0 then
  return {0, 0, 0}
end
local taken = math.min(tonumber(ARGV[1]), bal)
redis.call('HINCRBY', KEYS[1], 'bal', -taken)
return {taken, tonumber(fields[1]), tonumber(fields[2])}
