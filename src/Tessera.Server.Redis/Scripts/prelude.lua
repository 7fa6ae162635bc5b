-- Shared by every store script: arguments, key names, and the rule steps the
-- in-memory store has as methods (arm, disarm, append, terminate, armExpiry).
-- Times are .NET ticks as 19-digit zero-padded strings: Lua numbers are doubles,
-- exact only to 2^53, and ticks reach 6e17, so sums are done on two halves and
-- comparisons on the strings (equal length, so byte order is numeric order).
local P = ARGV[1]
local NOW = ARGV[2]
local NONCE = ARGV[3]
local REJECT = ARGV[4] == '1'
local LEEWAY = tonumber(ARGV[5])
local GRACE = tonumber(ARGV[6])
local NOTICE = tonumber(ARGV[7])
local DISC = tonumber(ARGV[8])
local RETAIN = tonumber(ARGV[9])
local CAP = tonumber(ARGV[10])
local TIMERS = P .. 'timers'
local CHANNEL = P .. 'events'
local ACTIVE, EXPIRED, TERMINATED = '@ACTIVE@', '@EXPIRED@', '@TERMINATED@'

local timers = {}
local transitions = {}
local published = {}

local function skey(sid) return P .. 's:' .. sid end
local function ekey(sid) return P .. 'e:' .. sid end
-- The issuer is any string, so its length goes first: no two (iss, cid) pairs share a key.
local function ikey(iss, cid) return P .. 'i:' .. #iss .. ':' .. iss .. cid end

local function tadd(t, d)
  local hi = tonumber(string.sub(t, 1, 10))
  local lo = tonumber(string.sub(t, 11)) + d
  local carry = math.floor(lo / 1000000000)
  lo = lo - carry * 1000000000
  hi = hi + carry
  if hi < 0 then return '0000000000000000000' end
  return string.format('%010d%09d', hi, lo)
end

-- Milliseconds since 0001-01-01: the due-time score in the timer set (takeover only needs ms).
local function score(t)
  return tonumber(string.sub(t, 1, 10)) * 100000 + math.floor(tonumber(string.sub(t, 11)) / 10000)
end

local function load(sid)
  local v = redis.call('HGETALL', skey(sid))
  if #v == 0 then return nil end
  local s = { id = sid }
  for i = 1, #v, 2 do s[v[i]] = v[i + 1] end
  return s
end

local function snapshot(s)
  return { s.id, s.cid, s.iss, s.uid, s.guest, s.roles, s.st, s.exp, s.er or '0', s.sa, s.ta or '', s.last or '0' }
end

local function arm(s, kind, due)
  local g = redis.call('HINCRBY', skey(s.id), 'tg', 1)
  -- The exact due time ('d'): the set's score is whole ms, the shared test clock fires to the tick.
  redis.call('HSET', skey(s.id), 'g' .. kind, g, 'd' .. kind, due)
  s['g' .. kind] = tostring(g)
  redis.call('ZADD', TIMERS, score(due), kind .. ':' .. s.id)
  timers[#timers + 1] = { s.id, kind, g, due }
end

local function disarm(s, kind)
  local f = 'g' .. kind
  if (s[f] or '0') == '0' then return end
  local g = redis.call('HINCRBY', skey(s.id), 'tg', 1)
  redis.call('HSET', skey(s.id), f, '0')
  s[f] = '0'
  redis.call('ZREM', TIMERS, kind .. ':' .. s.id)
  timers[#timers + 1] = { s.id, kind, g, '' }
end

-- EVT-1: the seq is taken here, in the script that changes the state; the log keeps CAP events (EVT-4).
local function append(s, body)
  local seq = redis.call('HINCRBY', skey(s.id), 'last', 1)
  s.last = tostring(seq)
  local text = s.last .. '|' .. NOW .. '|' .. body
  redis.call('RPUSH', ekey(s.id), text)
  redis.call('LTRIM', ekey(s.id), -CAP, -1)
  published[#published + 1] = { s.id, text }
end

local function transition(kind, s)
  transitions[#transitions + 1] = { kind, snapshot(s) }
end

local function terminate(s, reason, message)
  s.st = TERMINATED
  s.er = reason
  s.ta = NOW
  redis.call('HSET', skey(s.id), 'st', TERMINATED, 'er', reason, 'ta', NOW)
  disarm(s, 0)
  disarm(s, 1)
  disarm(s, 2)
  disarm(s, 3)
  -- END-3: forgotten no earlier than retention from now, by a timer of the session.
  arm(s, 4, tadd(NOW, RETAIN))
  local ik = ikey(s.iss, s.cid)
  if redis.call('GET', ik) == s.id then redis.call('DEL', ik) end
  append(s, 'T|' .. reason .. '|' .. message)
  transition('T', s)
end

-- EXP-1, EXP-5, UPD-5: Expire at exp + leeway, and the notice before it (or now).
local function armExpiry(s)
  local expireAt = tadd(s.exp, LEEWAY)
  arm(s, 1, expireAt)
  if NOTICE <= 0 or s.ns == s.exp then
    disarm(s, 0)
    return
  end
  local noticeAt = tadd(s.exp, -NOTICE)
  if noticeAt > NOW then
    arm(s, 0, noticeAt)
    return
  end
  disarm(s, 0)
  if NOW < expireAt then
    s.ns = s.exp
    redis.call('HSET', skey(s.id), 'ns', s.exp)
    append(s, 'X|' .. s.exp)
  end
end

-- Publishing last, from the same script, keeps every node's copy in the log's order.
local function finish(err, snap, replay, counted)
  for i, p in ipairs(published) do
    local last = '0'
    if i == #published then last = '1' end
    redis.call('PUBLISH', CHANNEL, NONCE .. '|' .. last .. '|' .. p[1] .. '|' .. p[2])
  end
  return { err, snap or false, timers, transitions, #published, replay or {}, counted or 0 }
end
