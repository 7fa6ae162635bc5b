-- CloseWatch: the last watcher leaving starts the disconnect grace (EVT-6).
local sid = ARGV[11]
local s = load(sid)
if not s or s.st == TERMINATED then return finish('', false) end
local wc = tonumber(s.wc or '0')
if wc > 0 then
  wc = redis.call('HINCRBY', skey(sid), 'wc', -1)
end
if wc > 0 or DISC <= 0 then return finish('', false) end
arm(s, 3, tadd(NOW, DISC))
return finish('', false)
