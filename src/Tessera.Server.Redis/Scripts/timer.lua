-- ApplyTimer: acts only while the firing's generation is the armed one, so a
-- timer fired by two nodes (owner and takeover) acts once.
local sid, kind, gen = ARGV[11], ARGV[12], ARGV[13]
local s = load(sid)
if not s then
  redis.call('ZREM', TIMERS, kind .. ':' .. sid)
  return finish('', false)
end
local f = 'g' .. kind
if gen == '0' or (s[f] or '0') ~= gen then return finish('', false) end
redis.call('HSET', skey(sid), f, '0')
s[f] = '0'
redis.call('ZREM', TIMERS, kind .. ':' .. sid)
if kind == '4' then
  -- END-3: retention over.
  if s.st == TERMINATED then
    redis.call('DEL', skey(sid), ekey(sid))
    transition('F', s)
  end
elseif kind == '0' then
  -- EXP-5: once per expires_at, never once exp + leeway has passed.
  if s.st == ACTIVE and s.ns ~= s.exp and NOW < tadd(s.exp, LEEWAY) then
    s.ns = s.exp
    redis.call('HSET', skey(sid), 'ns', s.exp)
    append(s, 'X|' .. s.exp)
  end
elseif kind == '1' and s.st == ACTIVE then
  disarm(s, 0)
  if GRACE > 0 then
    -- EXP-2.
    local terminatesAt = tadd(tadd(s.exp, LEEWAY), GRACE)
    s.st = EXPIRED
    redis.call('HSET', skey(sid), 'st', EXPIRED)
    append(s, 'D|' .. terminatesAt)
    arm(s, 2, terminatesAt)
    transition('E', s)
  else
    -- EXP-4 with grace 0.
    transition('E', s)
    terminate(s, '@EXPIRED_REASON@', 'the token expired')
  end
elseif kind == '2' and s.st == EXPIRED then
  terminate(s, '@EXPIRED_REASON@', 'the token expired and no newer token arrived within the expiry grace')
elseif kind == '3' and s.st ~= TERMINATED and tonumber(s.wc or '0') == 0 then
  -- EVT-6.
  terminate(s, '@DISCONNECTED@', 'no watch stream was open for the disconnect grace')
end
return finish('', false)
