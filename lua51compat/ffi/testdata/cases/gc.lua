--- ffi.gc
local ffi = require "ffi"
local p = ffi.new("int[1]")
emit(rawequal(ffi.gc(p, function() end), p), rawequal(ffi.gc(p, nil), p))
local q = ffi.cast("void *", 0)
emit(ffi.gc(q, print) == q)
try(function() return ffi.gc(ffi.new("int"), print) end)
try(function() return ffi.gc(p) end)
try(function() return ffi.gc(5, print) end)
try(function() return ffi.gc(ffi.typeof("int"), print) end)
try(function() return ffi.gc(ffi.new("struct { int x; }"), print) ~= nil end)
collectgarbage()
emit("done")
