--- constants and logarithms
emit(math.huge, -math.huge, math.huge == 1/0, math.pi, math.log(8, 2), math.log(100, 10), math.log(1), math.log(0), math.log(-1), math.log10(1000))
emit(math.log(8, 0), math.exp(1), math.log(8, 2) == 3, math.log(1024, 2) == 10, math.log(1000, 10), math.log(2, 8), math.log(0.5, 2), math.log(8, "2"))
--- fmod and modf
emit(math.fmod(-5, 3), math.fmod(5.5, 2), math.fmod(5, -3), math.fmod(1, 0), math.fmod(0, 0), math.fmod(1/0, 1), math.fmod(-6, 3), math.fmod(6, -3), math.fmod(5.3, 1/0))
emit(math.modf(3.7)) emit(math.modf(-3.7)) emit(math.modf(1/0)) emit(math.modf(-1/0)) emit(math.modf(0/0)) emit(math.modf(5)) emit(math.modf(-5)) emit(math.modf("2.5"))
local z = 0 emit(math.modf(-z))
--- rounding functions
emit(math.floor(3.7), math.floor(-3.5), math.ceil(3.2), math.ceil(-0.5), math.floor(2^53), math.floor(1e100), math.floor(0/0), math.ceil(1/0))
emit(math.floor(-2^31 - 0.5), math.ceil(2^31 + 0.5), math.floor("3.7"), math.ceil(2^53 + 0.5))
local z = 0 emit(math.floor(-z), math.abs(-z), math.abs(-5), math.abs("-2"))
--- min and max
emit(math.max(1, 5, 3), math.min(2, -1), math.max(0/0, 1), math.max(1, 0/0), math.min(0/0, 1), math.min(1, 0/0), math.max("10", 9), math.min(3))
local z = 0 emit(math.max(-z, 0), math.min(0, -z), math.max(0, -z), math.min(-z, 0))
try(math.max) try(math.min) try(math.max, 1, "x") try(math.min, 1, nil)
--- other functions
emit(math.sqrt(2), math.pow(2, 10), math.pow(2, 0.5), math.ldexp(1, 10), math.ldexp(1, 1.5), math.ldexp(1, "2"), math.deg(math.pi), math.rad(180))
emit(math.frexp(8)) emit(math.frexp(0)) emit(math.frexp(-0.375)) emit(math.frexp(1/0))
emit(math.sin(0), math.cos(0), math.tan(0), math.asin(2), math.acos(1), math.atan(1), math.atan2(1, 1), math.atan2(0, -1), math.sinh(1), math.cosh(1), math.tanh(1))
emit(math.mod, math.sqrt(-1), math.exp(1000), math.exp(-1000))
try(math.floor, "x") try(math.sqrt) try(math.abs, nil) try(math.atan2, 1) try(math.fmod, 1) try(math.ldexp, 1) try(math.log, "x") try(math.pow, 2)
--- random
try(math.random, 0) try(math.random, 1, 0) try(math.random, "x") try(math.random, -1) try(math.randomseed) try(math.randomseed, "x") try(math.random, 1, "x")
math.randomseed(42) emit(math.random(), math.random(100), math.random(5, 10), math.random(0), math.random(1, 1))
math.randomseed(1.5) emit(math.random(), math.random(1e9))
math.randomseed(0) emit(math.random(), math.random(), math.random(1000))
math.randomseed(-7) emit(math.random(10, 20), math.random(3))
math.randomseed("3") emit(math.random())
math.randomseed(42) local s = 0 for i = 1, 1000 do s = s + math.random(6) end emit(s)
local ok = true for i = 1, 1000 do local r = math.random() if r < 0 or r >= 1 then ok = false end end emit(ok)
ok = true for i = 1, 1000 do local r = math.random(3, 5) if r < 3 or r > 5 or r % 1 ~= 0 then ok = false end end emit(ok)
--- errors name the function
local ok, e = pcall(function() local x = math.floor({}) return x end) emit(e)
ok, e = pcall(function() local x = math.max() return x end) emit(e)
