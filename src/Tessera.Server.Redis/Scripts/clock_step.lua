-- One step of AdvanceTime on the shared test clock (CLK-3 across nodes). Finds the
-- earliest armed timer due at or before TARGET, wherever it was armed, moves the
-- clock to its due time and returns { sid, kind, generation, due } for the caller to
-- fire; with none left, moves the clock to TARGET and returns {}. Only the holder
-- of the advance lock runs it, so two advances never interleave their steps, and
-- the firing's generation check (timer.lua) makes it act once.
local P, TARGET = ARGV[1], ARGV[2]
local CLOCK, TIMERS = P .. 'clock', P .. 'timers'

-- As prelude.lua: ms since 0001-01-01 from 19-digit ticks, and back.
local function score(t)
  return tonumber(string.sub(t, 1, 10)) * 100000 + math.floor(tonumber(string.sub(t, 11)) / 10000)
end
local function ticks(ms)
  local hi = math.floor(ms / 100000)
  return string.format('%010d%09d', hi, (ms - hi * 100000) * 10000)
end

local now = redis.call('GET', CLOCK) or '0000000000000000000'
local limit = score(TARGET)
while true do
  local first = redis.call('ZRANGEBYSCORE', TIMERS, '-inf', limit, 'WITHSCORES', 'LIMIT', 0, 1)
  if #first == 0 then break end
  -- Scores are whole ms: the earliest by the tick is among the entries of the lowest score.
  local best, bestDue, bestGen
  for _, member in ipairs(redis.call('ZRANGEBYSCORE', TIMERS, first[2], first[2])) do
    local kind, sid = string.match(member, '^(%d):(.*)$')
    local fields = redis.call('HMGET', P .. 's:' .. sid, 'g' .. kind, 'd' .. kind)
    local g, d = fields[1], fields[2]
    if not g or g == '0' then
      -- Disarmed or forgotten: nothing to fire.
      redis.call('ZREM', TIMERS, member)
    else
      d = d or ticks(tonumber(first[2]))
      -- Ties at one tick go by member text: a fixed order every node agrees on.
      if not best or d < bestDue or (d == bestDue and member < best) then
        best, bestDue, bestGen = member, d, g
      end
    end
  end
  if best then
    if bestDue > TARGET then break end
    if bestDue > now then
      now = bestDue
      redis.call('SET', CLOCK, now)
    end
    local kind, sid = string.match(best, '^(%d):(.*)$')
    return { sid, tonumber(kind), bestGen, bestDue }
  end
end
if TARGET > now then redis.call('SET', CLOCK, TARGET) end
return {}
