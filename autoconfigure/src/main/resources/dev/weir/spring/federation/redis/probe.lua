-- Weir federation probe: the coordinator's clock in milliseconds.
local t = redis.call('TIME')
return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
