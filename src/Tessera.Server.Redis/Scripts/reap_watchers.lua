-- EVT-6 across nodes: watchers whose node stopped renewing their lease (dead, or
-- cut off from Redis) stop counting; the last one gone starts the disconnect grace.
local WALLMS, LIMIT = tonumber(ARGV[11]), tonumber(ARGV[12])
local WATCHERS = P .. 'watchers'
local gone = redis.call('ZRANGEBYSCORE', WATCHERS, '-inf', WALLMS, 'LIMIT', 0, LIMIT)
for _, member in ipairs(gone) do
  redis.call('ZREM', WATCHERS, member)
  local sid = string.match(member, '^(.*)|')
  local s = load(sid)
  if s and s.st ~= TERMINATED then
    local wc = tonumber(s.wc or '0')
    if wc > 0 then wc = redis.call('HINCRBY', skey(sid), 'wc', -1) end
    if wc == 0 and DISC > 0 then arm(s, 3, tadd(NOW, DISC)) end
  end
end
return finish('', false)
