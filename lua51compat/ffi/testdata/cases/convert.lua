--- double to integer conversions
local ffi = require "ffi"
local vals = {-1, -0.5, -5, -2^62, -2^63, -2^64, 2^63-1024, 1.5, 2^64, 2^65, 0/0, 1/0, -1/0, 2^32+5, -2^31-1, 2^31, 4294967295.5, 2^53+1, -128.9, 255.9}
for _, v in ipairs(vals) do
  local a = ffi.new("uint64_t[1]", v)
  local b = ffi.new("int64_t[1]", v)
  local c = ffi.new("uint32_t[1]", v)
  local d = ffi.new("int32_t[1]", v)
  local e = ffi.new("uint16_t[1]", v)
  local f = ffi.new("int8_t[1]", v)
  local g = ffi.cast("uint64_t", v)
  local h = ffi.cast("void*", v)
  local i = ffi.new("bool[1]", v)
  local j = ffi.new("float[1]", v)
  emit(v, a[0], b[0], c[0], d[0], e[0], f[0], g, tonumber(ffi.cast("intptr_t", h)), i[0], j[0])
end
--- integer to integer conversions
local ffi = require "ffi"
local src = {ffi.new("int8_t", -1), ffi.new("uint8_t", 255), ffi.new("int16_t", -300), ffi.new("uint32_t", 4294967295), ffi.new("int64_t", -1), ffi.new("uint64_t", 0) - 1, ffi.new("bool", true), ffi.new("int64_t", 0x123456789)}
for _, s in ipairs(src) do
  emit(tostring(s):match("^cdata<[^>]*>") or tostring(s), ffi.new("int8_t[1]", s)[0], ffi.new("uint8_t[1]", s)[0], ffi.new("int16_t[1]", s)[0], ffi.new("uint32_t[1]", s)[0], ffi.new("int32_t[1]", s)[0], ffi.new("int64_t[1]", s)[0], ffi.new("uint64_t[1]", s)[0], ffi.new("double[1]", s)[0], ffi.new("bool[1]", s)[0])
end
--- scalar values of arrays
local ffi = require "ffi"
try(function() local a = ffi.new("int8_t[1]", 200); local b = ffi.new("uint16_t[1]", -1); local c = ffi.new("float[1]", 0.1); local d = ffi.new("bool[1]", 5); return a[0], b[0], c[0], d[0] end)
try(function() local a = ffi.new("int[1]", true) return a[0] end)
try(function() local a = ffi.new("bool[1]", "x") return a[0] end)
try(function() local a = ffi.new("char *[1]", "x") return a[0] end)
try(function() local a = ffi.new("const char *[1]", "x") return ffi.string(a[0]) end)
try(function() local a = ffi.new("void *[1]", true) return a[0] end)
try(function() local a = ffi.new("int *[1]", ffi.new("char[1]")) return a[0] end)
try(function() local a = ffi.new("const int *[1]", ffi.new("int[1]")) return a[0] ~= nil end)
try(function() local a = ffi.new("int *[1]", ffi.new("const int[1]")) return a[0] end)
try(function() local a = ffi.new("int *[1]", ffi.new("unsigned int[1]")) return a[0] ~= nil end)
try(function() local a = ffi.new("int *[1]", print) return a[0] end)
try(function() local a = ffi.new("void *[1]", ffi.new("int[1]")) return a[0] ~= nil end)
try(function() local a = ffi.new("int **[1]", ffi.new("const int *[1]")) return a[0] end)
try(function() local a = ffi.new("const int **[1]", ffi.new("int *[1]")) return a[0] end)
try(function() local a = ffi.new("double[1]", ffi.new("int64_t", -3)) return a[0] end)
try(function() local a = ffi.new("float[1]", 16777217) return a[0] end)
try(function() local a = ffi.new("int[1]", ffi.new("int *")) return a[0] end)
try(function() local a = ffi.new("bool[1]", ffi.new("int *")) return a[0] end)
try(function() local a = ffi.new("bool[1]", ffi.new("int[2]")) return a[0] end)
try(function() local a = ffi.new("int64_t[1]", ffi.new("double", 3.9)) return a[0] end)
try(function() local a = ffi.new("long double[1]", 1) return a[0] end)
try(function() local s = ffi.new("struct { int x; }"); local a = ffi.new("int[1]", s) return a[0] end)
