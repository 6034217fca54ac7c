--- safe returns nil and the message
local cjson = require "cjson"
local safe = require "cjson.safe"
emit(safe.encode({1, 2}))
emit(safe.encode(function() end))
emit(safe.encode({[11] = 1}))
emit(safe.encode(0/0))
emit(safe.decode("[1"))
emit(safe.decode("Oops"))
emit(safe.decode('"\0"'))
emit(safe.decode({}))
emit(safe.decode(nil))
emit(safe.decode(true))
emit(show(safe.decode('{"a":[1,null]}')))
emit(safe.null == cjson.null, safe.new == cjson.new, safe.encode_sparse_array == cjson.encode_sparse_array)
emit(require("cjson.safe") == safe, package.loaded["cjson.safe"] == safe)

--- safe argument count still raises
local safe = require "cjson.safe"
emit(pcall(safe.encode))
emit(pcall(safe.encode, "arg1", "arg2"))
emit(pcall(safe.decode))
emit(pcall(function() safe.decode("1", "2") end))
emit(pcall(function() return safe.encode() end))

--- safe new
local safe = require "cjson.safe"
local s2 = safe.new()
emit(s2.decode("Oops"))
emit(s2.encode(print))
emit(type(s2.new().decode))
emit(s2.new().decode("[}"))

--- safe settings are its own
local cjson = require "cjson"
local safe = require "cjson.safe"
safe.encode_max_depth(1)
emit(safe.encode({{1}}))
emit(cjson.encode({{1}}))
safe.decode_max_depth(1)
emit(safe.decode("[[1]]"))
emit(#cjson.decode("[[1]]"))
