--- os.date UTC formats
local d = 86400 * 365 + 3600 * 5 + 61
for _, f in ipairs({ "%Y-%m-%d %H:%M:%S", "%c", "%x %X %p %A %a %B %b %j %U %W %w %y %Z %%", "%e|%D|%F|%T|%R|%n|%t|%h|%C|%g|%G|%V|%u|%s|%I|%l|%k|%r|%P",
  "%Q", "%", "%E", "%Ec", "%+|%-d|%_d|%0e|%^a|%#Z|%10Y|%P|%#a|%^B|%#p|%-j|%_5m|%05e|%-10A|%3%|%^c|%10D|%-k|%_H|%3n", "%5Ea|%-Q|%10|%_", "%EY|%Ey|%EC|%Ex|%EX", "%Od|%Oe|%OH|%OI|%Om|%OM|%OS|%Ou|%OU|%OV|%Ow|%OW|%Oy", "%Ez|%Oa|%O", "plain", "", "%%%", "%z" }) do
  emit(f, os.date("!" .. f, d))
end
for _, t in ipairs({ 0, 1, 86399, 951782400, 1234567890, 1700000000, 4102444800, -1, -86400 * 366, 2^31, 2^33 }) do
  emit(t, os.date("!%Y-%m-%d %H:%M:%S %a %j %U %W %V %G %u %w %I %p", t))
end
--- os.date table
local dt = os.date("!*t", 86400 * 365 + 3600 * 5 + 61)
emit(dt.year, dt.month, dt.day, dt.hour, dt.min, dt.sec, dt.wday, dt.yday, dt.isdst)
dt = os.date("!*t", 951782400) emit(dt.year, dt.month, dt.day, dt.wday, dt.yday)
--- os.date arguments
try(os.date, "!%Y", "x") try(os.date, "!%Y", 1.9) try(os.date, "!%Y", -1) try(os.date, "!%Y", 2^60) try(os.date, 5) try(os.date, "!%Y", "86400")
try(os.date, {}) try(os.date, "!%Y", nil) emit(type(os.date()), type(os.date("*t")), type(os.date("*t").isdst), os.date("%Y") == os.date("!%Y") or os.date("%Y"))
--- os.time
try(os.time, { year = 2020, month = 1, day = 1, hour = 0 }) try(os.time, { year = 2020 }) try(os.time, { year = 2020, month = 13, day = 1 })
try(os.time, { year = 2020, month = 2, day = 30, hour = 25, min = 61, sec = 61 }) try(os.time, { year = "2020", month = "1", day = "1" }) try(os.time, 5)
try(os.time, { day = 1, month = 1 }) try(os.time, { year = 2000, month = 1, day = 1.9, hour = 0.5 }) emit(type(os.time()), os.time() > 1.6e9, os.time(nil) > 0)
local t = os.time({ year = 2021, month = 6, day = 15, hour = 12 }) emit(os.date("%Y-%m-%d %H", t))
--- os.difftime and os.clock
emit(os.difftime(10, 5), os.difftime(10), os.difftime(5.9, 1.1), type(os.clock()), os.clock() >= 0)
try(os.difftime) try(os.difftime, "x") try(os.difftime, 1, "x")
--- os.getenv remove rename
emit(os.getenv("NO_SUCH_VAR_LUA51COMPAT"), rawget(os, "setenv"))
try(os.remove, "/no/such/file") try(os.rename, "/no/such/file", "/tmp/lua51compat-x") try(os.remove) try(os.getenv)
local name = os.tmpname() emit(type(name), name:match("^/tmp/lua_%w%w%w%w%w%w$") ~= nil, io.open(name) ~= nil, os.tmpname() ~= name)
local function hide(...) local r = { ... } for i = 1, select("#", ...) do if type(r[i]) == "string" then r[i] = r[i]:gsub(name, "NAME", 1, true) end end return unpack(r, 1, select("#", ...)) end
emit(hide(os.rename(name, name .. ".2"))) emit(hide(os.remove(name))) emit(hide(os.remove(name .. ".2"))) emit(hide(os.remove(name .. ".2")))
--- os.date modifiers accepted by glibc
local d = 86400 * 365 + 3600 * 5 + 61
local e, o = {}, {}
for c in ("aAbBcCdDeFgGhHIjklmMnpPrRsStTuUVwWxXyYzZ%+Q"):gmatch(".") do
  e[#e + 1] = c .. "=" .. os.date("!%E" .. c, d) o[#o + 1] = c .. "=" .. os.date("!%O" .. c, d)
end
emit(table.concat(e, " ")) emit(table.concat(o, " "))
