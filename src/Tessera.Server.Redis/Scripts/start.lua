-- TryStart: the single-session rule over the instance key (ONE-1 to ONE-4).
local sid, cid, iss, uid, guest, roles, exp = ARGV[11], ARGV[12], ARGV[13], ARGV[14], ARGV[15], ARGV[16], ARGV[17]
if redis.call('EXISTS', skey(sid)) == 1 then
  return redis.error_reply('TESSERA_ID_IN_USE session id already in use; ids must be fresh (SES-2)')
end
local ik = ikey(iss, cid)
local liveId = redis.call('GET', ik)
if liveId then
  local live = load(liveId)
  if live and live.st ~= TERMINATED then
    if live.guest ~= guest or live.uid ~= uid or REJECT then
      -- ONE-2, ONE-3 (REJECT): the live session is left exactly as it was.
      return finish('ACTIVE', false)
    end
    -- ONE-3 (REPLACE): old out and new in within one script.
    terminate(live, '@REPLACED@', 'a new session for the same user started on this client instance')
  end
end
local s = { id = sid, cid = cid, iss = iss, uid = uid, guest = guest, roles = roles, st = ACTIVE, exp = exp, sa = NOW, last = '0' }
redis.call('HSET', skey(sid), 'cid', cid, 'iss', iss, 'uid', uid, 'guest', guest, 'roles', roles,
  'st', ACTIVE, 'exp', exp, 'sa', NOW, 'last', 0, 'wc', 0, 'tg', 0)
redis.call('SET', ik, sid)
armExpiry(s)
if DISC > 0 then
  -- EVT-6 counts from the start.
  arm(s, 3, tadd(NOW, DISC))
end
transition('S', s)
return finish('', snapshot(s))
