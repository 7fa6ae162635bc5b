-- TryUpdate (UPD-2 to UPD-6), checks in the interface's order.
local sid, iss, sub, roles, exp = ARGV[11], ARGV[12], ARGV[13], ARGV[14], ARGV[15]
local s = load(sid)
if not s then return finish('NF', false) end
if s.st == TERMINATED then return finish('TERM:' .. s.er, false) end
if s.guest == '1' or iss ~= s.iss or sub ~= s.uid then
  terminate(s, '@IDENTITY@', 'the update token names another user or issuer')
  return finish('IDM', false)
end
-- Both sides are normalized role sets serialized alike, so equal text is equal sets (UPD-3).
if roles ~= s.roles then
  terminate(s, '@ROLES@', 'the update token carries another role set')
  return finish('ROLES', false)
end
if exp < s.exp then return finish('STALE', false) end
local revived = s.st == EXPIRED
s.roles = roles
s.exp = exp
s.st = ACTIVE
redis.call('HSET', skey(sid), 'roles', roles, 'exp', exp, 'st', ACTIVE)
append(s, 'U|' .. exp)
disarm(s, 2)
armExpiry(s)
if revived then transition('R', s) else transition('U', s) end
return finish('', snapshot(s))
