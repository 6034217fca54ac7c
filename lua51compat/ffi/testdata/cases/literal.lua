--- 64-bit literals without require "ffi"
emit(type(1LL), type(1ULL), 1LL, 123ULL, -1LL, - -5LL, -0x10LL, -1ULL)
emit(0x7fffffffffffffffLL, 0x8000000000000000LL, 0xffffffffffffffffLL, 0xffffffffffffffffULL, 18446744073709551615ULL, 9223372036854775808LL)
emit(123ll, 123ull, 123LLU, 123llu, 0x10ULL, 0b11LL, 0B101ull, 00012LL, 0LL, 0x0ULL)
emit(9007199254740993LL, 9007199254740993LL + 1, 2^53 + 1LL, tonumber(9007199254740993LL))
--- 64-bit literals as values
local ffi = require "ffi"
emit(ffi.typeof(1LL), ffi.typeof(1ULL), ffi.typeof(-1LL), ffi.sizeof(1LL), ffi.istype("int64_t", 1LL), ffi.istype("uint64_t", 1LL))
local t = {1LL, 2ULL, x = 3LL, [3] = 4LL}
emit(t[1], t[2], t.x, t[3], #t)
local function f(a, b, ...) return a, b, select("#", ...) end
emit(f(5LL, 6ULL, 7LL))
emit((function() return 8LL end)(), select("#", (function() return 9LL end)()), (10LL))
emit(1LL and 2LL, nil or 3ULL, not 1LL, 1LL ~= nil)
--- arithmetic and comparisons of literals
local ffi = require "ffi"
emit(1LL == 1LL, 1LL < 2LL, 2ULL <= 1ULL, 1LL + 2LL, 3LL * 4, 10LL / 3LL, 10ULL - 11, 2LL ^ 10, 7LL % 3, -7LL % 3)
emit(4294967296LL * 255 + 16777216LL * 3 + 7, 0x7fffffffffffffffLL + 1, 0ULL - 1)
emit(bit.band(0xffLL, 0x0f), bit.tohex(0x123456789abcdefLL), bit.lshift(1LL, 40), bit.bnot(0ULL))
emit(ffi.new("int64_t", 42LL), ffi.new("uint8_t", 0x1ffLL), tonumber(ffi.cast("uint32_t", 0x1ffffffffLL)), string.format("%d %x", 7LL, 255ULL))
local x = 0LL
for i = 1, 3 do x = x + 1LL end
emit(x, tostring(x), "v" .. tostring(2ULL))
--- identity and errors of literals
local ffi = require "ffi"
local t = {}
t[1LL] = "a"
local k = 5LL
t[k] = "b"
local seen = {}
for i = 1, 2 do seen[#seen + 1] = 6LL end
emit(t[1LL], t[k], t[5LL], seen[1] == seen[2], rawequal(seen[1], seen[2]), rawequal(1LL, 1LL))
try(function() return 1LL + {} end)
try(function() return (1LL).x end)
try(function() return #1LL end)
try(function() return "x" .. 1LL end)
try(function() (1LL)() end)
try(function() local a = 2ULL; a.y = 1 end)
try(loadstring("return 0x7fffffffffffffffLL, 1ULL"))
try(loadstring, "return 1e0LL")
try(loadstring, "return 0x1.8LL")
try(loadstring, "return 1LLL")
try(loadstring, "return 18446744073709551616ULL")
try(loadstring, "return 1uLL")
emit(getmetatable("").__index == string, rawget(string, "\0gresty.int64"))
--- errors of FFI calls taking literals
local ffi = require "ffi"
try(function() return ffi.new("int[?]", -1LL) end)
try(function() return ffi.new("struct { int a; }", 1LL, 2LL) end)
try(function() local p = ffi.new("int[2]"); p[1LL] = 5; return p[2LL - 1LL], p[0ULL] end)
try(function() return ffi.cast("int *", 1LL) == ffi.cast("int *", 1ULL), ffi.cast("intptr_t", 1LL) + 1LL end)
try(function() error(tostring(1LL)) end)
try(function() error(0x10LL) end)
--- literals compared with numbers and other values
emit(1LL == 1, 1 == 1LL, 1LL == 1.5, 1LL ~= 1, 2 < 10LL, 10LL <= 2, 10ULL > 2, 3 >= 3ULL, -1 < 1ULL, -1LL < 0)
emit(1LL == "1", "1" == 1LL, 1LL == nil, nil == 1LL, 1LL ~= nil, 1LL == {}, 1LL == true, 2^53 == 9007199254740993LL, 2^63 == 0x8000000000000000ULL)
local n, calls = 5, {}
local function v(x) calls[#calls + 1] = tostring(x); return x end
emit(v(n) == 5LL + v(0), -5LL < v(n), v(1) + 5LL > v(n), n * 2 == 2LL * 5, -n == -5LL, n - 1 >= 2 ^ 2LL, table.concat(calls, ","))
if n == 5LL then emit("then") else emit("else") end
local i = 0
while i < 3LL do i = i + 1 end
emit(i, 1LL == 1LL, 1LL == 2LL, 1LL < 2ULL)
try(function() return 1LL < "2" end)
try(function() return "2" <= 1LL end)
try(function() return 1LL < {} end)
try(function() return nil < 1LL end)
try(function() return 1LL > true end)
try(function() return 1LL >= "x" end)
local ffi = require "ffi"
emit(ffi.new("int", 0) == 0LL, 0LL == ffi.new("int64_t", 0), ffi.new("int", 5) < 6LL, 0ULL == ffi.new("uint8_t", 0))
