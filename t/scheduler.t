# gresty's own blocks for the execution model: where gresty blocks a
# goroutine, LuaJIT must yield a coroutine, and fails where it cannot.
# Run against both targets: `gresty test t/` and `gresty test --target nginx t/`.
use Test::Nginx::Socket::Lua;

repeat_each(1);

plan tests => repeat_each() * (blocks() * 3);

no_long_string();
run_tests();

__DATA__

=== TEST 1: ngx.sleep inside pcall and xpcall
--- config
    location = /t {
        content_by_lua_block {
            ngx.say(pcall(function() ngx.sleep(0.001) return "p" end))
            ngx.say(xpcall(function() ngx.sleep(0.001) error("x", 0) end,
                           function(e) return "handled " .. e end))
        }
    }
--- request
GET /t
--- response_body
truep
falsehandled x
--- no_error_log
[error]



=== TEST 2: ngx.sleep inside an __index metamethod and an iterator
--- config
    location = /t {
        content_by_lua_block {
            local t = setmetatable({}, {__index = function(_, k)
                ngx.sleep(0.001)
                return k .. "!"
            end})
            ngx.say(t.key)
            local function iter(_, i)
                ngx.sleep(0.001)
                if i < 3 then return i + 1 end
            end
            for i in iter, nil, 0 do ngx.print(i) end
            ngx.say()
        }
    }
--- request
GET /t
--- response_body
key!
123
--- no_error_log
[error]



=== TEST 3: ngx.sleep inside coroutine.wrap
--- config
    location = /t {
        content_by_lua_block {
            local gen = coroutine.wrap(function()
                for i = 1, 3 do
                    ngx.sleep(0.001)
                    coroutine.yield(i)
                end
            end)
            ngx.say(gen(), gen(), gen())
        }
    }
--- request
GET /t
--- response_body
123
--- no_error_log
[error]



=== TEST 4: ngx.sleep inside a table.sort comparator (LuaJIT: attempt to yield across C-call boundary)
--- config
    location = /t {
        content_by_lua_block {
            local t = {3, 1, 2}
            table.sort(t, function(a, b) ngx.sleep(0.001) return a < b end)
            ngx.say(table.concat(t, " "))
        }
    }
--- request
GET /t
--- response_body
1 2 3
--- no_error_log
[error]



=== TEST 5: ngx.sleep inside a string.gsub callback
--- config
    location = /t {
        content_by_lua_block {
            local s = string.gsub("abc", "%w", function(c)
                ngx.sleep(0.001)
                return c:upper()
            end)
            ngx.say(s)
        }
    }
--- request
GET /t
--- response_body
ABC
--- no_error_log
[error]



=== TEST 6: ngx.sleep in a module's top-level code
--- http_config
    lua_package_path "$prefix/html/?.lua;;";
--- user_files
>>> sleepy.lua
ngx.sleep(0.001)
return { answer = 42 }
--- config
    location = /t {
        content_by_lua_block {
            ngx.say(require("sleepy").answer)
        }
    }
--- request
GET /t
--- response_body
42
--- no_error_log
[error]



=== TEST 7: a light thread runs first, until it blocks
--- config
    location = /t {
        content_by_lua_block {
            local t = ngx.thread.spawn(function()
                ngx.say("child start")
                ngx.sleep(0.01)
                ngx.say("child end")
            end)
            ngx.say("parent")
            ngx.thread.wait(t)
            ngx.say("done")
        }
    }
--- request
GET /t
--- response_body
child start
parent
child end
done
--- no_error_log
[error]



=== TEST 8: the request waits for its light threads
--- config
    location = /t {
        content_by_lua_block {
            ngx.thread.spawn(function()
                ngx.sleep(0.01)
                ngx.say("late")
            end)
            ngx.say("entry ends")
        }
    }
--- request
GET /t
--- response_body
entry ends
late
--- no_error_log
[error]



=== TEST 9: ngx.exit in a light thread ends the request and kills the others
--- config
    location = /t {
        content_by_lua_block {
            ngx.thread.spawn(function() ngx.sleep(1) ngx.say("never") end)
            ngx.thread.spawn(function() ngx.sleep(0.01) ngx.exit(503) end)
            ngx.sleep(2)
            ngx.say("not reached")
        }
    }
--- request
GET /t
--- error_code: 503
--- response_body_like: 503 Service Temporarily Unavailable
--- no_error_log
[error]



=== TEST 10: writing a global logs the _G write guard warning
--- config
    location = /t {
        content_by_lua_block {
            leaked_global = 1
            ngx.say("ok")
        }
    }
--- request
GET /t
--- response_body
ok
--- error_log
writing a global Lua variable ('leaked_global') which may lead to race conditions between concurrent requests, so prefer the use of 'local' variables



=== TEST 11: an uncaught error gives 500 and a traceback
--- config
    location = /t {
        content_by_lua_block {
            local function inner() error("boom") end
            inner()
        }
    }
--- request
GET /t
--- error_code: 500
--- response_body_like: 500 Internal Server Error
--- error_log eval
[qr/lua entry thread aborted: runtime error: content_by_lua\(nginx\.conf:\d+\):2: boom$/,
qr/^\tcontent_by_lua\(nginx\.conf:\d+\):3: in main chunk, client: 127\.0\.0\.1/]



=== TEST 12: a timer runs its callback with premature false
--- config
    location = /t {
        content_by_lua_block {
            local ok, err = ngx.timer.at(0.01, function(premature, arg)
                ngx.log(ngx.WARN, "timer premature: ", tostring(premature), " arg: ", arg)
            end, "hello")
            ngx.say(ok, " ", err)
            ngx.sleep(0.05)
        }
    }
--- request
GET /t
--- response_body
1 nil
--- error_log eval
qr/\[warn\] .*timer premature: false arg: hello, context: ngx\.timer/
