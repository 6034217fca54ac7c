--- bit operations on 64-bit cdata
local ffi = require "ffi"
local bit = require "bit"
local i64, u64 = ffi.typeof("int64_t"), ffi.typeof("uint64_t")
local x = i64(0x12345678) * 0x100000000 + 0x9abcdef0
emit(x, bit.band(x, 0xff), bit.band(x, i64(0xffff)), bit.bor(x, 1), bit.bxor(x, x), bit.bnot(i64(0)), bit.bnot(u64(0)))
emit(bit.rshift(x, 32), bit.rshift(x, 64), bit.lshift(i64(1), 63), bit.lshift(i64(1), 64), bit.arshift(-i64(16), 2), bit.rshift(-i64(16), 2), bit.rol(i64(1), 65), bit.ror(i64(1), 1))
emit(bit.tobit(x), bit.tobit(i64(-1)), bit.tohex(x), bit.tohex(x, 4), bit.tohex(x, -20), bit.tohex(i64(255)), bit.tohex(255, i64(4)))
emit(bit.bswap(x), bit.band(u64(5), -1), bit.band(i64(5), u64(3)), bit.band(1, i64(3)), bit.lshift(1, i64(4)), bit.rshift(256, ffi.new("int", 4)))
emit(tonumber(bit.band(bit.rshift(i64(-1), 56), 0xff)), bit.band(ffi.new("int", -1), 0xff), bit.bor(ffi.new("uint8_t", 1), 2))
try(function() return bit.band(i64(1), ffi.new("int *")) end)
try(function() return bit.band(i64(1), "x") end)
try(function() return bit.band(i64(1), "12") end)
try(function() return bit.tobit({}) end)
