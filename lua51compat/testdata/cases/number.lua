--- tostring of integers and simple floats
local z = 0
emit(0, -z, 1, -1, 3.0, 100, 2^31, 2^32, 123456789012, 99999999999999, 1e14, -1e14, 1e15, 1e16)
emit(0.1, 0.5, 0.1 + 0.2, 1/3, 100/3, 2/3, -2/3, 1e-5, 1e-4, 0.0001234, 123.456, 1e100, 1e-100)
emit(2^53, 2^53 + 1, 2^63, 2^64, -2^63, 1e308, 2.2250738585072014e-308, 5e-324, 1.7976931348623157e308)
--- tostring of non-finite values
local z = 0
emit(1/z, -1/z, z/z, -(z/z), math.huge, -math.huge)
--- tostring rounding at 14 digits
emit(100000000000005, 100000000000015, 100000000000025, 1000000000000050, 123456789012345, 0.123456789012345)
emit(1.00000000000005, 2.5e-15, 12345678901234.5, 1234567890123.45, 0.99999999999999, 0.999999999999995)
emit(9.99999999999995, 99999999999999.5, 3.14159265358979, 2.718281828459045, 1e21, 1e22, 1e23)
--- tostring of other types
emit(tostring(nil), tostring(true), tostring(false), tostring("x"), type(tostring({})), tostring({}):sub(1, 7))
emit(tostring(setmetatable({}, { __tostring = function() return "obj" end })))
try(tostring)
try(tostring, nil)
try(tostring, 1, 2)
--- tostring __tostring results
local function mk(v) return setmetatable({}, { __tostring = function() return v end }) end
try(tostring, mk(42))
try(tostring, mk(nil))
try(tostring, mk(true))
try(tostring, setmetatable({}, { __tostring = function() return 1, 2 end }))
try(tostring, setmetatable({}, { __tostring = function() error("inner") end }))
--- tostring via __tostring set on the string table is ignored for strings
try(tostring, "plain")
--- tonumber decimal
try(tonumber, "10") try(tonumber, "  10  ") try(tonumber, "\t\n10\r\v\f") try(tonumber, "10 x") try(tonumber, "1e1")
try(tonumber, "1E+2") try(tonumber, "1e-2") try(tonumber, ".5") try(tonumber, "5.") try(tonumber, ".") try(tonumber, "")
try(tonumber, " ") try(tonumber, "1e") try(tonumber, "1e+") try(tonumber, "e1") try(tonumber, "+5") try(tonumber, "-5")
try(tonumber, "- 5") try(tonumber, "--5") try(tonumber, "+-5") try(tonumber, "1.2.3") try(tonumber, "0005") try(tonumber, "1e500")
try(tonumber, "-1e500") try(tonumber, "1e-500") try(tonumber, "123456789012345678901234567890") try(tonumber, "0.1") try(tonumber, "-0")
try(tonumber, "1_000") try(tonumber, "1,5") try(tonumber, "１") try(tonumber, "5\0") try(tonumber, "\0" .. "5")
--- tonumber hexadecimal
try(tonumber, "0x10") try(tonumber, "0X1f") try(tonumber, "-0x10") try(tonumber, "0x") try(tonumber, "0x.8") try(tonumber, "0x1.8")
try(tonumber, "0x1p4") try(tonumber, "0x1P-1") try(tonumber, "0x1e2") try(tonumber, "0x1p") try(tonumber, "0xg") try(tonumber, "0x1.8p1")
try(tonumber, "0xffffffffffffffff") try(tonumber, "0x7fffffff") try(tonumber, "0x100000000") try(tonumber, " 0x10 ") try(tonumber, "0x-1")
try(tonumber, "0x1p99999") try(tonumber, "x10") try(tonumber, "00x10")
--- tonumber binary and suffixes
try(tonumber, "0b101") try(tonumber, "0B11") try(tonumber, "0b102") try(tonumber, "0b") try(tonumber, "0b1.0") try(tonumber, "0b1.1")
try(tonumber, "1LL") try(tonumber, "1ULL") try(tonumber, "1i") try(tonumber, "1u") try(tonumber, "1l") try(tonumber, "0x10LL")
--- tonumber special words
try(tonumber, "inf") try(tonumber, "-inf") try(tonumber, "+inf") try(tonumber, "INF") try(tonumber, "Infinity") try(tonumber, "infinity ")
try(tonumber, "nan") try(tonumber, "-nan") try(tonumber, "NaN") try(tonumber, "infx") try(tonumber, "in") try(tonumber, "na")
--- tonumber non-strings
try(tonumber, 12) try(tonumber, -0.5) try(tonumber, nil) try(tonumber, true) try(tonumber, {}) try(tonumber) try(tonumber, print)
--- tonumber with a base
try(tonumber, "10", 2) try(tonumber, "ff", 16) try(tonumber, "FF", 16) try(tonumber, "zz", 36) try(tonumber, "ZZ", 36) try(tonumber, "8", 8)
try(tonumber, " 11 ", 2) try(tonumber, "-11", 2) try(tonumber, "+11", 2) try(tonumber, "1.5", 10) try(tonumber, "0x10", 16) try(tonumber, "0x10", 10)
try(tonumber, "", 10) try(tonumber, "", 16) try(tonumber, "0x", 16) try(tonumber, "0xg", 16) try(tonumber, "1 2", 10) try(tonumber, "12", 3)
try(tonumber, "ffffffffffffffffffff", 16) try(tonumber, "777", 8) try(tonumber, 10, 16) try(tonumber, "10", "16") try(tonumber, "10", 16.9)
try(tonumber, "12\0" .. "ab", 16) try(tonumber, "- 1", 10) try(tonumber, "-", 16) try(tonumber, "1e1", 16) try(tonumber, "z", 35)
--- tonumber base errors
try(tonumber, "1", 1) try(tonumber, "1", 37) try(tonumber, "1", 0) try(tonumber, "1", -16) try(tonumber, nil, 16) try(tonumber, {}, 16)
try(tonumber, "1", "x") try(tonumber, "1", 2^32 + 16)
--- tonumber errors with names
local ok, e = pcall(function() return tonumber("1", 99) end) emit(e)
ok, e = pcall(function() local x = tonumber() return x end) emit(e)
--- string coercion in library functions
try(string.rep, 0.1 + 0.2, 2) try(string.len, 1e15) try(string.upper, 1/0) try(string.rep, "x", "2") try(string.rep, "x", " 0x2 ")
try(string.sub, 12345, "2", "3.9") try(string.char, "65") try(string.byte, 3.5)
