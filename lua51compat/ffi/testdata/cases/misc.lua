--- module contents
local ffi = require "ffi"
local keys = {}
for k in pairs(ffi) do keys[#keys+1] = k end
table.sort(keys)
emit(table.concat(keys, " "))
emit(type(ffi.C), ffi.os, ffi.arch, ffi.null, require("ffi") == ffi)
emit(ffi.abi("64bit"), ffi.abi("le"), ffi.abi("gc64"), ffi.abi("fpu"), ffi.abi("hardfp"), ffi.abi("win"), ffi.abi("eabi"), ffi.abi("32bit"), ffi.abi("be"), ffi.abi("softfp"))
try(function() return ffi.abi() end)
emit(ffi.errno(), ffi.errno(5), ffi.errno(), ffi.errno(0))
--- sizeof alignof offsetof
local ffi = require "ffi"
ffi.cdef[[ struct so { char c; double d; int a[3]; }; struct sv { int n; char s[?]; }; ]]
emit(ffi.sizeof("int"), ffi.sizeof("char"), ffi.sizeof("double"), ffi.sizeof("long double"), ffi.sizeof("void *"), ffi.sizeof("int[10]"), ffi.sizeof("struct so"), ffi.sizeof("bool"), ffi.sizeof("size_t"), ffi.sizeof("long"), ffi.sizeof("short"))
emit(ffi.sizeof("void"), ffi.sizeof("int()"), ffi.sizeof("int[]"), ffi.sizeof("struct so *"), ffi.sizeof("int &"))
emit(ffi.sizeof("int[?]", 5), ffi.sizeof("struct sv", 5), ffi.sizeof(ffi.new("int[?]", 7)), ffi.sizeof(ffi.new("struct sv", 3)), ffi.sizeof(ffi.new("struct so")), ffi.sizeof(ffi.new("int")))
emit(ffi.alignof("int"), ffi.alignof("char"), ffi.alignof("double"), ffi.alignof("struct so"), ffi.alignof("int[3]"), ffi.alignof("long double"), ffi.alignof("void"))
emit(ffi.offsetof("struct so", "c"), ffi.offsetof("struct so", "d"), ffi.offsetof("struct so", "a"), ffi.offsetof("struct so", "x"), ffi.offsetof("int", "x"))
try(function() return ffi.sizeof("int[?]") end)
try(function() return ffi.sizeof("int[?]", "x") end)
try(function() return ffi.sizeof() end)
try(function() return ffi.offsetof("struct so") end)
local q = ffi.new("struct so[2]")
emit(ffi.sizeof(q), ffi.sizeof(q[1]), ffi.sizeof(q[1].a))
--- istype
local ffi = require "ffi"
ffi.cdef[[ struct ia { int x; }; struct ib { int x; }; typedef struct ia ia_t; ]]
local a = ffi.new("struct ia")
emit(ffi.istype("struct ia", a), ffi.istype("ia_t", a), ffi.istype("struct ib", a), ffi.istype("struct ia *", a), ffi.istype("const struct ia", a))
local p = ffi.new("struct ia *")
emit(ffi.istype("struct ia", p), ffi.istype("struct ia *", p), ffi.istype("const struct ia *", p), ffi.istype("void *", p), ffi.istype("struct ib *", p))
emit(ffi.istype("int", ffi.new("int")), ffi.istype("int", ffi.new("const int")), ffi.istype("unsigned int", ffi.new("int")), ffi.istype("int64_t", ffi.new("long")), ffi.istype("int64_t", ffi.new("long long")))
emit(ffi.istype("int", 5), ffi.istype("int[3]", ffi.new("int[3]")), ffi.istype("int[4]", ffi.new("int[3]")), ffi.istype("int *", ffi.new("int[3]")), ffi.istype("struct ia", q))
emit(ffi.istype("int", ffi.typeof("int")), ffi.istype("struct ia", ffi.new("struct ia[1]")[0]))
try(function() return ffi.istype("int") end)
--- type and tonumber and tostring
local ffi = require "ffi"
emit(type(ffi.new("int")), type(ffi.typeof("int")), type(ffi.C), type(ffi.new("int *")))
emit(tonumber(ffi.new("int", -5)), tonumber(ffi.new("uint64_t", 7)), tonumber(ffi.new("int *")), tonumber(ffi.typeof("int")), tonumber(ffi.new("char[3]")), tonumber("0x10"), tonumber("10", 16))
emit(tostring(ffi.typeof("int")), tostring(ffi.new("void *")))
emit(tostring(ffi.new("int", 5)):match("^cdata<int>: 0x") ~= nil, tostring(ffi.cast("void *", 0x10)), tostring(ffi.cast("void *", 0x12345678)), tostring(ffi.cast("void *", 0x123456789)), tostring(ffi.cast("void *", 0x123456789ab)))
emit(tostring(ffi.new("bool", true)):match("^cdata<bool>") ~= nil, tostring(ffi.new("float", 1)):match("^cdata<float>") ~= nil)
--- string.format with 64-bit cdata
local ffi = require "ffi"
local i64, u64 = ffi.typeof("int64_t"), ffi.typeof("uint64_t")
local big = i64(2^62) * 2 - 1
try(function() return string.format("%d %x %s", i64(-5), u64(255), "s") end)
try(function() return string.format("%d|%i|%u|%o|%x|%X", big, big, i64(-1), u64(8), i64(-1), u64(0xabc)) end)
try(function() return string.format("[%5d] [%-5d] [%05d] [%+d] [% d] [%.3d] [%#x] [%#o] [%8.3x] [%.0d]", i64(42), i64(42), i64(-42), i64(42), i64(42), i64(7), u64(255), u64(8), u64(255), i64(0)) end)
try(function() return string.format("%d%%%d", i64(1), 2) end)
try(function() return string.format("%s %d", ffi.new("int64_t", 1), i64(2)) end)
try(function() return string.format("%5.1f %d", 1.25, i64(3)) end)
