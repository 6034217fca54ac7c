--- scalars
local cjson = require "cjson"
emit(cjson.encode(true), cjson.encode(false), cjson.encode(nil), cjson.encode(cjson.null))
local zero = 0
emit(cjson.encode(""), cjson.encode("hello"), cjson.encode(zero), cjson.encode(-zero))

--- every byte
local cjson = require "cjson"
local t = {}
for i = 0, 255 do t[#t + 1] = string.char(i) end
emit(cjson.encode(table.concat(t)))

--- escapes in keys
local cjson = require "cjson"
emit(cjson.encode({["a/b\n\"c\\"] = "x\1y"}))

--- utf8 passes through
local cjson = require "cjson"
emit(cjson.encode("caf\195\169 \226\130\172 \240\159\152\128 \255\254 broken \192"))

--- numbers
local cjson = require "cjson"
local list = {0.1, 1/3, 2/3, 1e14, 1e15, 1e16, 123456789012345678, -1e-5, 0.0001, 0.00001,
  2^53, 2^53 + 1, 2^63, 2^64, 5e-324, 1.7976931348623157e308, 100, -1.25e-7, 99999999999999.9,
  12345678901234.5, 0.1 + 0.2, 1e21, 1e-7, 123e-20, -123.456, 3.14159265358979}
for _, n in ipairs(list) do emit(cjson.encode(n)) end
emit(cjson.encode(list))

--- integers
local cjson = require "cjson"
for _, n in ipairs{1, -1, 10, 99999999999999, 100000000000000, 999999999999999, -99999999999999, -100000000000000, 2^31, -2^31, 2^32} do
  emit(cjson.encode(n))
end

--- arrays
local cjson = require "cjson"
emit(cjson.encode({}))
emit(cjson.encode({1, 2, 3}))
emit(cjson.encode({1, nil, 3}))
emit(cjson.encode({"a", {"b", {"c", {}}}, true, false}))
emit(cjson.encode({[1] = 1, [2] = 2, [4] = 4}))
emit(cjson.encode({[3] = "x"}))
emit(cjson.encode({[10] = 1}))
emit(cjson.encode({[5] = 1, [6] = 1, [7] = 1, [8] = 1, [9] = 1, [10] = 1, [11] = 1, [12] = 1}))
local t = {} for i = 1, 20 do t[i] = i end t[15] = nil emit(cjson.encode(t))
emit(cjson.encode({cjson.null, cjson.null}))
emit(cjson.encode({n = nil}))

--- single key objects
local cjson = require "cjson"
emit(cjson.encode({a = 1}))
emit(cjson.encode({[0] = "zero"}))
emit(cjson.encode({[-1] = "neg"}))
emit(cjson.encode({[1.5] = "frac"}))
emit(cjson.encode({["1"] = "string one"}))
emit(cjson.encode({[2^31] = "big"}))
emit(cjson.encode({[1e15] = "huge"}))
emit(cjson.encode({[0.1] = "tenth"}))
emit(cjson.encode({x = {y = {z = {}}}}))

--- object with mixed keys decoded back
local cjson = require "cjson"
local s = cjson.encode({1, 2, x = "y"})
emit(show(cjson.decode(s)))
s = cjson.encode({[1] = "a", [3] = "c", k = false, [-2] = 1, [0.5] = 2})
emit(show(cjson.decode(s)))

--- sparse arrays
local cjson = require "cjson"
emit(pcall(cjson.encode, {[11] = 1}))
emit(pcall(cjson.encode, {[1] = 1, [2] = 1, [3] = 1, [4] = 1, [5] = 1, [6] = 1, [12] = 1}))
emit(pcall(cjson.encode, {[1] = 1, [2] = 1, [3] = 1, [4] = 1, [5] = 1, [6] = 1, [13] = 1}))
emit(cjson.encode_sparse_array(true))
emit(cjson.encode({[11] = 1}))
emit(cjson.encode_sparse_array(nil, 0))
emit(cjson.encode({[30] = 1}))
emit(cjson.encode_sparse_array(false, 1, 0))
emit(pcall(cjson.encode, {[1] = 1, [3] = 3}))
emit(cjson.encode({1, 2}))
emit(cjson.encode_sparse_array(false, 3, 2))
emit(pcall(cjson.encode, {[1] = 1, [7] = 1}))
emit(pcall(cjson.encode, {[1] = 1, [6] = 1}))
emit(cjson.encode_sparse_array(false, 2147483647, 2))
emit(pcall(cjson.encode, {[1] = 1, [2] = 1, [3] = 1}))

--- unsupported values
local cjson = require "cjson"
emit(pcall(cjson.encode, function() end))
emit(pcall(cjson.encode, {function() end}))
emit(pcall(cjson.encode, {a = print}))
emit(pcall(cjson.encode, coroutine.create(function() end)))
emit(pcall(cjson.encode, io.stdout))
emit(pcall(cjson.encode, {[true] = 1}))
emit(pcall(cjson.encode, {[{}] = 1}))
emit(pcall(cjson.encode, {[print] = 1}))

--- invalid numbers
local cjson = require "cjson"
emit(pcall(cjson.encode, 1/0))
emit(pcall(cjson.encode, -1/0))
emit(pcall(cjson.encode, 0/0))
emit(pcall(cjson.encode, {[1/0] = 1}))
emit(cjson.encode_invalid_numbers(true))
emit(cjson.encode({1/0, -1/0, 0/0, -(0/0)}))
emit(cjson.encode({[1/0] = 1}))
emit(cjson.encode({[-1/0] = 1}))
emit(cjson.encode_invalid_numbers("null"))
emit(cjson.encode({1/0, -1/0, 0/0}))
emit(cjson.encode({[1/0] = 1}))
emit(cjson.encode_invalid_numbers("off"))
emit(pcall(cjson.encode, {0/0}))

--- metatables are ignored
local cjson = require "cjson"
emit(cjson.encode(setmetatable({}, {__index = function() return 1 end})))
emit(cjson.encode(setmetatable({}, {__len = function() return 3 end})))
emit(cjson.encode(setmetatable({1, 2}, {__index = {3, 4, 5}})))
emit(cjson.encode(setmetatable({}, {__tostring = function() return "x" end})))

--- nesting limits
local cjson = require "cjson"
local function nest(n, obj)
  local t = {}
  local c = t
  for i = 2, n do
    local child = {}
    if obj then c.a = child else c[1] = child end
    c = child
  end
  return t
end
emit(#cjson.encode(nest(1000)))
emit(pcall(cjson.encode, nest(1001)))
emit(#cjson.encode(nest(1000, true)))
emit(pcall(cjson.encode, nest(1001, true)))
emit(cjson.encode_max_depth(3))
emit(cjson.encode(nest(3)))
emit(pcall(cjson.encode, nest(4)))
emit(pcall(cjson.encode, {{{{1}}}}))
emit(pcall(cjson.encode, {a = {b = {c = {d = 1}}}}))
local cycle = {} cycle[1] = cycle
emit(pcall(cjson.encode, cycle))
local cycle2 = {} cycle2.self = cycle2
emit(pcall(cjson.encode, cycle2))

--- lua stack limits
local cjson = require "cjson"
cjson.encode_max_depth(1000000)
local function nest(n, obj)
  local t = {}
  local c = t
  for i = 2, n do
    local child = {}
    if obj then c.a = child else c[1] = child end
    c = child
  end
  return t
end
emit(#cjson.encode(nest(7997)))
emit(pcall(cjson.encode, nest(7998)))
emit(#cjson.encode(nest(3999, true)))
emit(pcall(cjson.encode, nest(4000, true)))
local t = {} local c = t
for i = 1, 6000 do local child = {} if i % 2 == 0 then c.k = child else c[1] = child end c = child end
emit(pcall(cjson.encode, t))

--- keep buffer
local cjson = require "cjson"
emit(cjson.encode_keep_buffer())
emit(cjson.encode({"a", "b"}))
emit(cjson.encode_keep_buffer(false))
emit(cjson.encode({"c"}))
emit(pcall(cjson.encode, {print}))
emit(cjson.encode({"d"}))
emit(cjson.encode_keep_buffer("on"))
emit(cjson.encode({"e"}))

--- error mid-way keeps the module usable
local cjson = require "cjson"
emit(pcall(cjson.encode, {1, 2, {3, print}}))
emit(cjson.encode({1, 2, {3}}))

--- error positions
local cjson = require "cjson"
emit(pcall(function() cjson.encode(print) end))
emit(pcall(function() return cjson.encode(print) end))
emit(pcall(function() local x = cjson.decode("[") return x end))
emit(pcall(function() return cjson.decode("[") end))
local function inner() return cjson.decode("[") end
emit(pcall(function() local x = inner() return x end))
local function inner2() return inner() end
emit(pcall(function() local x = inner2() return x end))
emit(pcall(function() local x = (cjson.decode("[")) return x end))
local t = setmetatable({}, {__index = function(t, k) return cjson.decode("[") end})
emit(pcall(function() return t.x end))
emit(pcall(function() local y = t.x return y end))
emit(pcall(function()
  local y = cjson.encode(
    print)
  return y
end))
emit(pcall(function() local a, b = cjson.encode(1), cjson.decode("x") end))
