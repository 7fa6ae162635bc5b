-- CloseWatch: the last watcher leaving starts the disconnect grace (EVT-6).
local sid, watchId = ARGV[11], ARGV[12]
-- A watcher whose lease ran out was already taken off by the reaper: not twice.
if redis.call('ZREM', P .. 'watchers', sid .. '|' .. watchId) == 0 then return finish('', false) end
local s = load(sid)
if not s or s.st == TERMINATED then return finish('', false) end
local wc = tonumber(s.wc or '0')
if wc > 0 then
  wc = redis.call('HINCRBY', skey(sid), 'wc', -1)
end
if wc > 0 or DISC <= 0 then return finish('', false) end
arm(s, 3, tadd(NOW, DISC))
return finish('', false)
