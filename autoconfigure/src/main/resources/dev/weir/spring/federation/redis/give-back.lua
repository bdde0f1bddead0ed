-- Weir federation give-back. KEYS[1] the key's hash. ARGV: holder, window, units, seq.
-- Credits the units only into the same window, for a new seq, within the holder's net grant.
local holder = ARGV[1]
local units = tonumber(ARGV[3])
local seq = tonumber(ARGV[4])
local fields = redis.call('HMGET', KEYS[1], 'w', 'seq.' .. holder, 'g.' .. holder, 'b.' .. holder)
if fields[1] ~= ARGV[2] then
  return 0
end
if fields[2] and seq <= tonumber(fields[2]) then
  return 0
end
local net = tonumber(fields[3] or '0') - tonumber(fields[4] or '0')
if units > net then
  return 0
end
redis.call('HINCRBY', KEYS[1], 'returned', units)
redis.call('HINCRBY', KEYS[1], 'b.' .. holder, units)
redis.call('HSET', KEYS[1], 'seq.' .. holder, ARGV[4])
return units
