-- The request-independent parts of the native modules, run in a content
-- handler of the reference nginx. Each line: a label, then what the call
-- returned (or "error" and the message).
local function show(label, ...)
  local t = {}
  for i = 1, select("#", ...) do t[i] = tostring((select(i, ...))) end
  ngx.say(label, ": ", table.concat(t, " | "))
end
local function try(label, f, ...)
  show(label, pcall(f, ...))
end
local function hex(s)
  return (s:gsub(".", function(c) return string.format("%02x", c:byte()) end))
end

local b64 = require "ngx.base64"
for _, s in ipairs{"", "a", "ab", "abc", "abcd", "\255\254\253", "hello world?>"} do
  show("encode " .. #s, b64.encode_base64url(s))
end
show("encode number", b64.encode_base64url(12))
show("encode nil", b64.encode_base64url(nil))
for _, s in ipairs{"", "YQ", "YWI", "YWJj", "YQ==", "Y", "YW=Jj", "a+b/", "a-b_", "YQ=garbage", "Y Q", "_-8", "YWJjZA", "YWJjZ"} do
  local r, err = b64.decode_base64url(s)
  show("decode '" .. s .. "'", r and hex(r) or r, err)
end
show("decode number", b64.decode_base64url(12))

local base = require "resty.core.base"
show("new_tab", type(base.new_tab(2, 3)))
local t = {1, 2, 3}
base.clear_tab(t)
show("clear_tab", next(t))
show("get_request", base.get_request() ~= nil)
try("allows_subsystem http", function() return base.allows_subsystem("stream", "http") end)
try("allows_subsystem stream", function() return base.allows_subsystem("stream") end)
try("allows_subsystem none", function() base.allows_subsystem() end)
local refs = {}
show("ref 1", base.ref_in_table(refs, "a"))
show("ref 2", base.ref_in_table(refs, "b"))
show("ref nil", base.ref_in_table(refs, nil))
refs[0] = 1
show("ref free", base.ref_in_table(refs, "c"), refs[0], refs[1])
show("buf size", base.get_string_buf_size())
base.set_string_buf_size(100.5)
show("buf size set", base.get_string_buf_size())
base.set_string_buf_size(-1)
show("buf size negative", base.get_string_buf_size())
base.set_string_buf_size(4096)

local utils = require "resty.core.utils"
show("replace", utils.str_replace_char("a-b-c", "-", "_"))
show("replace none", utils.str_replace_char("abc", "-", "_"))
show("replace multi", utils.str_replace_char("a--b", "--", "+"))

local ctx = require "resty.core.ctx"
ngx.ctx.k = "v"
show("ctx", ctx.get_ctx_table().k)

local time = require "resty.core.time"
show("monotonic", type(time.monotonic_msec()), type(time.monotonic_time()),
  time.monotonic_time() * 1000 - time.monotonic_msec() < 1)

local sema = require "ngx.semaphore"
local s = sema.new()
show("count new", s:count())
show("wait 0", s:wait(0))
show("post", s:post())
show("count", s:count())
show("wait", s:wait(0))
show("count after", s:count())
show("post 3", s:post(3), s:count())
show("post '2'", s:post("2"), s:count())
show("post 'x'", s:post("x"), s:count())
show("wait 1", s:wait(1))
show("wait fraction", s:wait(0.0001))
show("new 2.7", sema.new(2.7):count())
show("new '3'", sema.new("3"):count())
show("new 'x'", sema.new("x"):count())
-- Tail calls leave no caller position in LuaJIT; plain calls do.
try("new -1", function() return sema.new(-1) end)
try("new -1 (not tail)", function() local r = sema.new(-1); return r end)
try("wait -1", function() return s:wait(-1) end)
try("wait -1 (not tail)", function() local r = s:wait(-1); return r end)
try("post 0", function() return s:post(0) end)
try("post -1 (not tail)", function() local r = s:post(-1); return r end)
try("count on module", function() return sema.count({}) end)
try("wait on table (not tail)", function() local r = sema.wait({sem = 1}, 0); return r end)
try("post on nil (not tail)", function() local r = sema.post(nil); return r end)
show("instance fields", s.sem ~= nil, getmetatable(s).__index == sema)
local empty = sema.new(0)
show("timeout", empty:wait(0.01))
show("count after timeout", empty:count())

local process = require "ngx.process"
show("enable_privileged_agent", process.enable_privileged_agent())

local errlog = require "ngx.errlog"
try("raw_log bad level type", function() return errlog.raw_log("x", "m") end)
try("raw_log bad msg (not tail)", function() errlog.raw_log(ngx.ERR, 1) end)
try("raw_log bad level (not tail)", function() errlog.raw_log(99, "m") end)
show("raw_log", errlog.raw_log(ngx.ERR, "raw line"))
show("set_filter_level nil", errlog.set_filter_level())
show("sys level", errlog.get_sys_filter_level())
