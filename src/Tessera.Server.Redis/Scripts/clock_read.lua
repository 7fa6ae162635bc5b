-- The shared test clock (CLK-2 across nodes): its instant as 19-digit ticks. The
-- first node to read it starts it at its own wall-clock time; every later read,
-- on any node, gets the one value.
local CLOCK, START = ARGV[1] .. 'clock', ARGV[2]
local now = redis.call('GET', CLOCK)
if not now then
  redis.call('SET', CLOCK, START)
  now = START
end
return now
