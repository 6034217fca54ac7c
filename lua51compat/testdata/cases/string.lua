--- string.rep
try(string.rep, "ab", 3) try(string.rep, "ab", 3, ",") try(string.rep, "ab", 0, ",") try(string.rep, "ab", 1, ",") try(string.rep, "ab", -1)
try(string.rep, "x", 2.9) try(string.rep, "x", -0.5) try(string.rep, 12, 2) try(string.rep, "x", "3") try(string.rep, "x", 3, 4) try(string.rep, "", 5, "-")
try(string.rep, "x", 1e10) try(string.rep, "x", 2^31) try(string.rep, "x") try(string.rep) try(string.rep, {}, 1) try(string.rep, "x", 2, {})
try(string.rep, "x", 2, nil) try(string.rep, "abc", 2^30, "x") try(string.rep, "x", 2^31 - 1) try(string.rep, "ab", 5, "")
--- string.char
try(string.char) try(string.char, 72, 105) try(string.char, 0, 255) try(string.char, 256) try(string.char, -1) try(string.char, 65, "66", 67.9)
try(string.char, "x") try(string.char, 65, nil) try(string.char, 1/0) try(string.char, 0/0) try(string.char, 2^32 + 65)
--- string.byte
try(string.byte, "abc") try(string.byte, "abc", 2) try(string.byte, "abc", 1, -1) try(string.byte, "abc", -2, -1) try(string.byte, "abc", 0)
try(string.byte, "abc", 10) try(string.byte, "", 1) try(string.byte, "abc", 3, 1) try(string.byte, "abc", -10, 10) try(string.byte, 123)
try(string.byte, "abc", "2") try(string.byte, "abc", 1.9) try(string.byte) try(string.byte, "abc", {})
emit(select("#", string.byte(string.rep("x", 8000), 1, -1)))
try(string.byte, string.rep("x", 8001), 1, -1)
--- string.sub
try(string.sub, "hello", 2) try(string.sub, "hello", 2, 3) try(string.sub, "hello", -3) try(string.sub, "hello", -3, -2) try(string.sub, "hello", 0)
try(string.sub, "hello", 10) try(string.sub, "hello", 2, 100) try(string.sub, "hello", 3, 2) try(string.sub, "hello", -100, 2) try(string.sub, "hello", 2.5)
try(string.sub, "hello", "2") try(string.sub, "hello", 2^31) try(string.sub, "hello", -2^31) try(string.sub, "hello", 2^32 + 2) try(string.sub, "hello", 1, 2^31)
try(string.sub, "hello") try(string.sub) try(string.sub, "hello", 1, nil) try(string.sub, "hello", nil) try(string.sub, "", 1, 1) try(string.sub, 12345, 2, -2)
--- string.len upper lower reverse
try(string.len, "abc") try(string.len, "a\0b") try(string.len, 123) try(string.len) try(string.len, nil) try(string.len, {})
try(string.upper, "aBc1\200") try(string.lower, "AbC1\200") try(string.upper, 1.5) try(string.lower) try(string.reverse, "abc") try(string.reverse, "")
try(string.reverse, 0.1 + 0.2) try(string.reverse, "a\0b") try(string.upper, "\195\169t\195\169")
--- string.dump
try(string.dump, print) try(string.dump) try(string.dump, "x")
--- string metatable and methods
emit(("x"):rep(3, ", "), ("abc"):upper(), ("%d"):format(5), ("hello"):sub(2, 3), #getmetatable("").__index.rep("a", 3))
emit(getmetatable("").__index == string, rawget(string, "__index"), rawget(string, "gfind"))
local s = "abc" emit(s:len(), s:byte(-1), s:reverse())
--- argument errors name the function
local ok, e = pcall(function() return string.rep() end) emit(e)
ok, e = pcall(function() local x = string.rep() return x end) emit(e)
ok, e = pcall(function() local x = ("x"):rep() return x end) emit(e)
ok, e = pcall(function() local x = ("x"):rep({}) return x end) emit(e)
ok, e = pcall(function() local x = ("x").rep() return x end) emit(e)
ok, e = pcall(function() local r = string.rep local x = r() return x end) emit(e)
ok, e = pcall(function() local t = { f = string.rep } local x = t.f() return x end) emit(e)
ok, e = pcall(function() local t = { string.rep } local x = t[1]() return x end) emit(e)
ok, e = pcall(function() local x = string.char(300) return x end) emit(e)
ok, e = pcall(function() local x = string.len() return x end) emit(e)
ok, e = pcall(function() local x = string.sub("x", {}) return x end) emit(e)
ok, e = pcall(function() local x = ("x"):sub({}) return x end) emit(e)
