-- OpenWatch: the replay is read in the same script that counts the watcher (EVT-4 to EVT-6).
local sid, after, watchId, leaseEnd = ARGV[11], tonumber(ARGV[12]), ARGV[13], tonumber(ARGV[14])
local s = load(sid)
if not s then return finish('NF', false) end
local last = tonumber(s.last)
local len = redis.call('LLEN', ekey(sid))
local first = last - len + 1
if s.st == TERMINATED then
  if after >= last then return finish('TERM:' .. s.er, false) end
  if after + 1 < first then return finish('RUK:' .. first, false) end
  return finish('', false, redis.call('LRANGE', ekey(sid), after + 1 - first, -1), 0)
end
if after > last then return finish('RUB:' .. last, false) end
if after + 1 < first then return finish('RUK:' .. first, false) end
local replay = {}
if after < last then replay = redis.call('LRANGE', ekey(sid), after + 1 - first, -1) end
-- EVT-6 across nodes: the watcher counts while its node renews the lease (wall-clock ms).
redis.call('ZADD', P .. 'watchers', leaseEnd, sid .. '|' .. watchId)
redis.call('HINCRBY', skey(sid), 'wc', 1)
disarm(s, 3)
return finish('', false, replay, 1)
