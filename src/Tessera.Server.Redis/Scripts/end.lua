-- End (END-1, END-2).
local sid = ARGV[11]
local s = load(sid)
if not s then return finish('NF', false) end
if s.st ~= TERMINATED then terminate(s, '@ENDED@', 'the session was ended') end
return finish('', snapshot(s))
