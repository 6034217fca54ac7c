--- defaults
local cjson = require "cjson"
emit(cjson.encode_sparse_array())
emit(cjson.encode_max_depth(), cjson.decode_max_depth())
emit(cjson.encode_number_precision(), cjson.encode_keep_buffer())
emit(cjson.encode_invalid_numbers(), cjson.decode_invalid_numbers())
emit(cjson._NAME, cjson._VERSION, type(cjson.null), cjson.null == nil)

--- setting and reading back
local cjson = require "cjson"
emit(cjson.encode_sparse_array(true, 3, 5))
emit(cjson.encode_sparse_array())
emit(cjson.encode_sparse_array(nil, nil, 20))
emit(cjson.encode_sparse_array("off"))
emit(cjson.encode_sparse_array("on", "7"))
emit(cjson.encode_sparse_array(nil, 1.9, " 12 "))
emit(cjson.encode_sparse_array(nil, "0x10"))
emit(cjson.encode_max_depth(3.7), cjson.decode_max_depth("12"))
emit(cjson.encode_number_precision(5))
emit(cjson.encode_invalid_numbers("on"), cjson.encode_invalid_numbers("null"), cjson.encode_invalid_numbers(false), cjson.encode_invalid_numbers(true))
emit(cjson.decode_invalid_numbers("off"), cjson.decode_invalid_numbers(true))
emit(cjson.encode_keep_buffer("off"), cjson.encode_keep_buffer(true))

--- argument errors under pcall
local cjson = require "cjson"
emit(pcall(cjson.encode_number_precision, "five"))
emit(pcall(cjson.encode_keep_buffer, nil, true))
emit(pcall(cjson.encode_max_depth, "wrong"))
emit(pcall(cjson.decode_max_depth, "0"))
emit(pcall(cjson.encode_invalid_numbers, -2))
emit(pcall(cjson.decode_invalid_numbers, true, false))
emit(pcall(cjson.encode_sparse_array, "not quite on"))
emit(pcall(cjson.encode_sparse_array, "on", -1))
emit(pcall(cjson.encode_sparse_array, "on", 2, -1))
emit(pcall(cjson.encode_sparse_array, 1))
emit(pcall(cjson.encode_sparse_array, "on", 2, 10, 4))
emit(pcall(cjson.encode_sparse_array, {}))
emit(pcall(cjson.encode_sparse_array, nil, {}))
emit(pcall(cjson.encode_invalid_numbers, 0))
emit(pcall(cjson.encode_invalid_numbers, {}))
emit(pcall(cjson.encode_invalid_numbers, "NULL"))
emit(pcall(cjson.encode_keep_buffer, "yes"))
emit(pcall(cjson.encode_max_depth, 0))
emit(pcall(cjson.encode_max_depth, 2^31))
emit(pcall(cjson.encode_max_depth, -3.7))
emit(pcall(cjson.decode_max_depth, nil))
emit(pcall(cjson.encode_number_precision, 14, nil))
emit(pcall(cjson.encode_max_depth, "1e1"))
emit(pcall(cjson.encode_max_depth, "inf"))
emit(pcall(cjson.encode_max_depth, "nan"))
emit(pcall(cjson.encode_max_depth, " -Infinity "))
emit(pcall(cjson.encode_max_depth, "0x1.8p1"))
emit(pcall(cjson.encode_max_depth, "+-1"))
emit(pcall(cjson.encode_max_depth, "4294967297"))
emit(pcall(cjson.encode_max_depth, ""))
emit(pcall(cjson.encode_max_depth, "0x"))
emit(pcall(cjson.encode_max_depth, "1_0"))
emit(pcall(cjson.encode, 1, nil))
emit(pcall(cjson.encode))

--- argument errors from Lua code
local cjson = require "cjson"
emit(pcall(function() cjson.encode(1, 2) end))
emit(pcall(function() return cjson.encode() end))
emit(pcall(function() local x = cjson.encode() return x end))
emit(pcall(function() cjson.encode_max_depth("x") end))
emit(pcall(function() cjson.encode_sparse_array("bad") end))
emit(pcall(function() cjson.decode({}) end))
emit(pcall(function() cjson.decode() end))
local enc = cjson.encode
emit(pcall(function() enc(1, 2) end))
emit(pcall(function() local t = {f = cjson.decode} t.f(nil) end))
emit(pcall(function() cjson:encode(1) end))
emit(pcall(function() cjson:decode() end))
emit(pcall(function() cjson:encode_max_depth("x") end))

--- precision
local cjson = require "cjson"
local list = cjson.decode('[3.141592653589793, 1e15, 123456.789, 0.000012345, 1e-5, 99999.5, 9.5, 0.5, 1e100, 0.15, 0.25, 2.5, -0.000001234567, 1234567890123456789, 0.1, 1e-300, 5e-324, 1.7976931348623157e308, 9.999999999999999e22]')
for p = 1, 14 do
  cjson.encode_number_precision(p)
  emit(p, cjson.encode(list))
end

--- new instances are independent
local cjson = require "cjson"
local other = cjson.new()
cjson.encode_max_depth(2)
emit(other.encode_max_depth(), cjson.encode_max_depth())
emit(pcall(cjson.encode, {{{1}}}))
emit(other.encode({{{1}}}))
emit(other == cjson, other.null == cjson.null, other.encode == cjson.encode, type(other.new))
emit(other._NAME, other._VERSION)
