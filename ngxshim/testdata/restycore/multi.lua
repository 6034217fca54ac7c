-- ngx.semaphore across light threads. The reference runs it with
-- ngx.thread.spawn and ngx.sleep; the test host provides its own spawn and
-- sleep with the same effect on this script (each thread is given time to
-- block before the next step).
local spawn = spawn or ngx.thread.spawn
local sleep = sleep or ngx.sleep
local sema = require "ngx.semaphore"

local s = sema.new(0)
local function waiter(name, timeout)
  return function()
    local ok, err = s:wait(timeout)
    ngx.say(name, " woke: ", tostring(ok), " ", tostring(err), " count ", s:count())
  end
end
spawn(waiter("A", 1))
sleep(0.02)
spawn(waiter("B", 1))
sleep(0.02)
spawn(waiter("C", 1))
sleep(0.02)
ngx.say("waiting: count ", s:count())
ngx.say("post 2: ", tostring(s:post(2)), " count ", s:count())
sleep(0.05)
ngx.say("after post 2: count ", s:count())
ngx.say("wait 0 while C waits: ", tostring(s:wait(0)))
s:post(1)
sleep(0.05)
ngx.say("after post 1: count ", s:count())

-- A waiter that times out leaves the count as it was.
spawn(waiter("D", 0.05))
sleep(0.02)
ngx.say("D waiting: count ", s:count())
sleep(0.1)
ngx.say("after D: count ", s:count())

-- Resources posted beforehand are taken without blocking, in order.
s:post(2)
spawn(waiter("E", 1))
sleep(0.02)
spawn(waiter("F", 1))
sleep(0.02)
spawn(waiter("G", 0.05))
sleep(0.1)
ngx.say("end: count ", s:count())

-- A waiter woken by a post from another thread.
local s2 = sema.new()
spawn(function()
  local ok = s2:wait(1)
  ngx.say("consumer got ", tostring(ok))
end)
sleep(0.02)
spawn(function()
  ngx.say("producer posts")
  s2:post()
end)
sleep(0.05)
ngx.say("done ", s2:count())
