-- Weir federation lease: one atomic step on one key (docs/FEDERATION.md §3, §6).
-- KEYS[1] the key's hash, KEYS[2] the store's start marker.
-- ARGV: holder, want, requestId, limit, windowMillis, quarantineMarginMillis.
-- Returns {grant, window, windowEnd, now, left}, or {-1, limit, windowMillis} when the caller's
-- limit or window differs from the one the current window holds.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local holder = ARGV[1]
local want = tonumber(ARGV[2])
local requestId = ARGV[3]
local limit = tonumber(ARGV[4])
local wms = tonumber(ARGV[5])

local lostAt = redis.call('GET', KEYS[2])
if not lostAt then
  -- No marker: a new store, or one that lost its data. Grant nothing in any window that
  -- started by now plus the margin: escrow of it may be out there.
  lostAt = now + tonumber(ARGV[6])
  redis.call('SET', KEYS[2], string.format('%d', lostAt))
else
  lostAt = tonumber(lostAt)
end

local computed = math.floor(now / wms)
local stored = redis.call('HMGET', KEYS[1], 'w', 'wms', 'lim')
local w = tonumber(stored[1])
if w then
  local storedWms = tonumber(stored[2])
  local storedLim = tonumber(stored[3])
  if storedWms ~= wms or (storedLim ~= limit and computed <= w) then
    return {-1, storedLim, storedWms}
  end
end
if (not w) or computed > w then
  -- The index only ever increases: a clock stepped back stretches a window, never reopens one.
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], 'w', string.format('%d', computed), 'wms', ARGV[5], 'lim', ARGV[4],
    'granted', 0, 'returned', 0)
  w = computed
end
local windowEnd = (w + 1) * wms
local totals = redis.call('HMGET', KEYS[1], 'lim', 'granted', 'returned', 'req.' .. holder, 'rg.' .. holder)
local left = math.max(0, tonumber(totals[1]) - tonumber(totals[2]) + tonumber(totals[3]))
if totals[4] == requestId then
  return {tonumber(totals[5]), w, windowEnd, now, left}
end
local grant = 0
if w * wms > lostAt then
  grant = math.min(want, left)
end
redis.call('HINCRBY', KEYS[1], 'granted', grant)
redis.call('HINCRBY', KEYS[1], 'g.' .. holder, grant)
redis.call('HSET', KEYS[1], 'req.' .. holder, requestId, 'rg.' .. holder, grant)
-- Expiry only collects garbage, one window after the end.
redis.call('PEXPIREAT', KEYS[1], string.format('%d', windowEnd + wms))
return {grant, w, windowEnd, now, left - grant}
