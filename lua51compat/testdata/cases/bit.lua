--- tobit
for _, v in ipairs({ 0, 1, -1, 0xffffffff, 2^32 + 1, 2^52, 1.5, 2.5, -1.5, 0.5, -0.5, 3.5, 2^53 + 3, 2^64, 1e300, -1e300, 1/0, -1/0, 0/0, 2^31, -2^31 - 1, 0x7fffffff, "0x10", " 12 ", "1e3" }) do
  try(bit.tobit, v)
end
try(bit.tobit, "x") try(bit.tobit) try(bit.tobit, {})
--- tohex
try(bit.tohex, 255) try(bit.tohex, 255, 2) try(bit.tohex, 255, -2) try(bit.tohex, -1) try(bit.tohex, -1, 4) try(bit.tohex, 0x12345678, 16)
try(bit.tohex, 1, -16) try(bit.tohex, 1, 0) try(bit.tohex, 1, 9) try(bit.tohex, 1, 1.9) try(bit.tohex, 1, -1.9) try(bit.tohex, -1, 16) try(bit.tohex, 2^40, 16)
try(bit.tohex, 2^40 + 1) try(bit.tohex, -2, -16) try(bit.tohex, 1, 2^32 + 3) try(bit.tohex, "255") try(bit.tohex) try(bit.tohex, 1, nil) try(bit.tohex, 1, "x")
try(bit.tohex, 0xabcdef, -6) try(bit.tohex, 0, 0) try(bit.tohex, 0x80000000)
emit(#bit.tohex(1, 300), #bit.tohex(1, -300), #bit.tohex(1, 2^31), #bit.tohex(1, 254), bit.tohex(1, 254):sub(-3))
--- logic ops
try(bit.bnot, 0) try(bit.bnot, -1) try(bit.bnot, 2^32) try(bit.band, 0xff, 0x0f, 0x3) try(bit.bor) try(bit.bor, 1) try(bit.bxor, 1, 3, 7)
try(bit.band, 1, "x") try(bit.band, 2^32 + 5, 7) try(bit.bor, 1.5, 0) try(bit.bxor, 0xffffffff, 1) try(bit.band) try(bit.bor, 1, 2, 4, 8, 16, 32, 64, 128)
try(bit.band, -1, -1) try(bit.bor, 0x80000000, 0) try(bit.bxor, "3", "5") try(bit.band, 1, nil)
--- shifts and rotations
try(bit.lshift, 1, 31) try(bit.lshift, 1, 32) try(bit.lshift, 1, 33) try(bit.lshift, 1, -1) try(bit.rshift, -1, 28) try(bit.rshift, -1, 0)
try(bit.arshift, -256, 4) try(bit.arshift, 0x80000000, 31) try(bit.arshift, 256, 4) try(bit.rol, 0x12345678, 12) try(bit.ror, 0x12345678, 12)
try(bit.rol, 1, -1) try(bit.ror, 1, 33) try(bit.lshift, 1, 1.5) try(bit.lshift, 1, 2.5) try(bit.lshift, 1, 64) try(bit.lshift, 1, 1e300) try(bit.rol, 1, 2^40 + 2)
try(bit.lshift, "3", "1") try(bit.lshift, 1) try(bit.rshift) try(bit.ror, 0xff, 4)
--- bswap
try(bit.bswap, 0x12345678) try(bit.bswap, 0xff) try(bit.bswap, -1) try(bit.bswap, 0x80)
--- module contents
local k = {} for n in pairs(bit) do k[#k + 1] = n end table.sort(k) emit(table.concat(k, ","))
emit(package.loaded.bit == bit, require("bit") == bit)
--- errors name the function
local ok, e = pcall(function() local x = bit.band(1, {}) return x end) emit(e)
ok, e = pcall(function() local band = bit.band local x = band() return x end) emit(e)
