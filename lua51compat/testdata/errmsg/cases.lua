--- call: globals, fields, methods, locals, upvalues
try(function() undefinedf() end)
try(function() local t = {} ; t.blah() end)
try(function() local t = {} ; t:m() end)
try(function() local t = {a = {}} ; t.a:m(1, 2) end)
try(function() local x = 1; x() end)
try(function() local x = {}; x() end)
local u
try(function() u() end)
try(function() local t = {}; t[1]() end)
try(function() local t = {}; local k = "z"; t[k]() end)
try(function() return (nil)() end)
try(function() return missing_tail(1) end)
try(function() local t = {}; return t.x.y(1) end)
try(function() ngx_like = {}; ngx_like.echo("x") end)
try(function() local a, b = 1, 2; b() end)
try(function() ("x"):bad() end)
try(function() local s = "x"; s:nope() end)
try(function() local t = setmetatable({}, {__call = 1}); t() end)
try(function() for k, v in nil do end end)
try(function() for k, v in 1, 2 do end end)
--- index: reading and writing through nil and non-tables
try(function() local t = nil; return t.x end)
try(function() local t = {a = {}}; t.a.b.c = 1 end)
try(function() return missing_global.x end)
local u
try(function() return u.x end)
try(function() local t = {}; return t[1].x end)
try(function() local t = {}; t.x.y = 1 end)
try(function() local t; t[1] = 2 end)
try(function() undefinedg.x = 1 end)
try(function() local n = 5; return n.x end)
try(function() local b = true; b.x = 1 end)
try(function() local t = {}; return t.a.b end)
try(function() local t = setmetatable({}, {__index = function(t, k) return nil end}); return t.x.y end)
try(function() local t = setmetatable({}, {__index = 5}); return t.x end)
try(function() local t = {}; local k = "key"; return t[k].z end)
try(function() local t = {}; return t["str"].z end)
try(function() local t = {{}}; return t[1][2][3] end)
--- arithmetic
try(function() local a; return a + 1 end)
try(function() local a; return 1 + a end)
try(function() return {} + 1 end)
try(function() local a = {}; return a * 2 end)
try(function() local a = "x"; return a + 1 end)
try(function() local a = "10"; return a + {} end)
try(function() local a = "10"; local b = {}; return a - b end)
local u
try(function() return u + 1 end)
try(function() return glob_x + 1 end)
try(function() local t = {}; return t.x / 2 end)
try(function() local t = {}; return 2 ^ t.x end)
try(function() local t = {}; return t.x % t.y end)
try(function() local s; return -s end)
try(function() return -{} end)
try(function() local t = {}; return -t.x end)
try(function() local a, b = 1, "q"; return a + b end)
--- concatenation
try(function() local s; return "x" .. s end)
try(function() local s; return s .. "x" end)
try(function() return "x" .. {} end)
try(function() local t = {}; return t.x .. "a" end)
try(function() local a, b = 1; return a .. b .. "c" end)
try(function() local a, b = 1; return a .. "c" .. b end)
try(function() local a, b; return a .. "c" .. b end)
try(function() local t = {}; return "a" .. t .. "b" end)
try(function() return "a" .. missing_g end)
try(function() local x = true; return x .. "" end)
--- comparison and length
try(function() return 1 < nil end)
try(function() return {} < {} end)
try(function() return 1 > nil end)
try(function() return nil <= 1 end)
try(function() return "a" < 1 end)
try(function() return 1 >= "a" end)
try(function() return true < false end)
try(function() local a, b = {}, 1; return a <= b end)
try(function() local s; return #s end)
try(function() return #nil end)
try(function() local t = {}; return #t.x end)
try(function() local n = 3; return #n end)
--- numeric for
try(function() for i = nil, 2 do end end)
try(function() for i = 1, {} do end end)
try(function() for i = 1, 2, "x" do end end)
try(function() local lim; for i = 1, lim do end end)
--- names of locals in nested scopes
try(function()
  do local a = 1 end
  local t
  return t.x
end)
try(function()
  local x = 1
  if x then
    local y
    return y.z
  end
end)
try(function()
  for i = 1, 3 do
    local v = i
    if i == 2 then return v.f end
  end
end)
try(function()
  for k, v in pairs({a = 1}) do
    return v.f
  end
end)
try(function()
  local ok
  if ok then local inner = 1; f(inner) end
  return missing.field
end)
try(function()
  local a, b, c = 1, 2
  return c.x
end)
try(function()
  local function f() end
  local g = nil
  return g()
end)
try(function()
  while true do
    local w = nil
    return w.x
  end
end)
try(function()
  repeat
    local r
    return r[1]
  until true
end)
try(function(...)
  local p = ...
  return p.x
end)
try(function(a, b)
  return b.x
end, 1)
--- upvalues through levels
local up = nil
local function outer()
  return function() return up.x end
end
try(outer())
local t = {}
try(function() return t.a.b end)
try(function() t.q() end)
--- bad argument
try(function() string.rep() end)
try(function() ("x"):rep() end)
try(function() setmetatable(1, {}) end)
try(function() local f = string.rep; f() end)
try(function() return math.floor("x") end)
try(function() return tostring() end)
try(function() return ipairs() end)
try(function() return select() end)
try(function() return ("x"):sub() end)
try(function() return string.sub() end)
try(function() return table.insert(1, 2) end)
try(function() return table.concat({{}}) end)
try(function() return rawget(1) end)
try(function() return rawset({}, nil, 1) end)
try(function() return setfenv(1, 1) end)
try(function() return unpack(1) end)
try(function() return next(1) end)
try(function() return pairs(nil) end)
try(function() return type() end)
try(function() return rawequal(1) end)
try(function() return string.char(-1) end)
try(function() return ("x"):format(1, 2) end)
try(function() local r = math.floor("x"); return r end)
try(function() local r = tostring(); return r end)
try(function() local r = select(); return r end)
try(function() local r = ("x"):sub(); return r end)
try(function() local r = table.insert(1, 2); return r end)
try(function() local r = rawget(1); return r end)
try(function() local r = unpack(1); return r end)
try(function() local r = next(1); return r end)
try(function() local r = type(); return r end)
try(function() local r = rawequal(1); return r end)
try(function() local r = string.char(-1); return r end)
try(function() local r = setmetatable({}, 1); return r end)
try(function() local r = getmetatable(); return r end)
try(function() local r = ("x"):rep(1, {}); return r end)
try(function() local r = string.format("%d", "x"); return r end)
try(function() local r = math.max(); return r end)
try(function() local r = os.date({}); return r end)
try(function() local r = table.sort(1); return r end)
try(function() local r = table.concat({}, {}); return r end)
try(function() local r = io.write({}); return r end)
try(function() local r = select(0, 1); return r end)
try(function() local r = setfenv(1, 1); return r end)
try(function() local r = setfenv(); return r end)
try(function() local r = debug.getupvalue(print); return r end)
try(function() local r = loadstring(); return r end)
try(function() local r = os.remove(); return r end)
try(function() local r = io.open(); return r end)
try(function() local r = io.lines({}); return r end)
try(function() local r = module(); return r end)
try(function() local f = setfenv; local r = f(1, 1); return r end)
try(function() local e = {f = setfenv}; local r = e.f(1, 1); return r end)
try(function() local e = {f = setfenv}; local r = e:f(1); return r end)
try(function() local e = {f = setfenv}; local r = e:f(); return r end)
--- protected calls and callbacks
try(function() return pcall(nil) end)
try(function() return pcall(1) end)
try(function() return select(2, pcall(function() local x; x() end)) end)
try(function() local t = setmetatable({}, {__index = function(t, k) local z; return z.q end}); return t.x end)
try(function() local t = setmetatable({}, {__add = function(a, b) return nil + 1 end}); return t + 1 end)
try(function() return table.sort({3, 2, 1}, function(a, b) local q; return q.x end) end)
try(function() return string.gsub("abc", "%w", function(c) local q; return q .. c end) end)
--- errors that are not rewritten
try(function() error("attempt to call a non-function object") end)
try(function() error("bad argument #1 to x (y)") end)
try(function() error({}) end)
try(function() error() end)
try(function() local t = {}; t[nil] = 1 end)
