-- Takeover: claims up to LIMIT timers overdue by more than the lease. A claim moves
-- the entry's score to now, so no other node claims it again within a lease; the
-- claimer then fires it through ApplyTimer, whose generation check makes a timer
-- that its owner fires too act once.
local P, NOWMS, LEASEMS, LIMIT = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local TIMERS = P .. 'timers'
local due = redis.call('ZRANGEBYSCORE', TIMERS, '-inf', NOWMS - LEASEMS, 'LIMIT', 0, LIMIT)
local out = {}
for _, member in ipairs(due) do
  local kind, sid = string.match(member, '^(%d):(.*)$')
  local g = redis.call('HGET', P .. 's:' .. sid, 'g' .. kind)
  if not g or g == '0' then
    redis.call('ZREM', TIMERS, member)
  else
    redis.call('ZADD', TIMERS, NOWMS, member)
    out[#out + 1] = { sid, tonumber(kind), g }
  end
end
return out
