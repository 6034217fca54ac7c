--- methods and metamethods
local ffi = require "ffi"
ffi.cdef[[ typedef struct { double x, y; } point_t; ]]
local point
local mt = {
  __add = function(a, b) return point(a.x + b.x, a.y + b.y) end,
  __eq = function(a, b) return a.x == b.x and a.y == b.y end,
  __lt = function(a, b) return a.x < b.x end,
  __le = function(a, b) return a.x <= b.x end,
  __len = function(a) return math.sqrt(a.x * a.x + a.y * a.y) end,
  __tostring = function(a) return "(" .. a.x .. ", " .. a.y .. ")" end,
  __concat = function(a, b) return tostring(a) .. tostring(b) end,
  __unm = function(a) return point(-a.x, -a.y) end,
  __call = function(self, k) return self.x * k end,
  __index = {
    area = function(a) return a.x * a.y end,
    scale = function(a, k) a.x = a.x * k; a.y = a.y * k; return a end,
  },
}
point = ffi.metatype("point_t", mt)
local a = point(3, 4)
local b = point(1, 2)
emit(a.x, a.y, #a, tostring(a), a:area(), tostring(a + b), a == b, a == point(3, 4), b < a, a <= b, tostring(-a), a(10))
emit(a .. b, tostring(a:scale(2)))
local p = ffi.new("point_t *", a)
emit(p.x, p:area(), tostring(p))
local arr = ffi.new("point_t[2]")
arr[1].x = 5
emit(arr[1]:area(), tostring(arr[1]))
try(function() return a.nosuch end)
try(function() a.z = 1 end)
try(function() return ffi.metatype("point_t", {}) end)
emit(ffi.typeof(a), point)
--- __index and __newindex functions
local ffi = require "ffi"
ffi.cdef[[ struct kv { int n; }; ]]
local store = {}
local kv = ffi.metatype("struct kv", {
  __index = function(self, k) return "idx:" .. tostring(k) .. ":" .. self.n end,
  __newindex = function(self, k, v) store[k] = v end,
})
local o = kv(7)
emit(o.n, o.foo, o[1])
o.bar = 42
o.n = 8
emit(store.bar, o.n, store.n)
--- __new and __gc in metatypes
local ffi = require "ffi"
ffi.cdef[[ struct ctor { int a, b; }; struct other { int c; }; ]]
local ctor = ffi.metatype("struct ctor", {
  __new = function(ct, a) return ffi.new(ct, a, a * 2) end,
  __gc = function(o) end,
})
local o = ctor(5)
emit(o.a, o.b, ffi.istype("struct ctor", o))
try(function() return ffi.metatype("int", {}) end)
try(function() return ffi.metatype("struct other") end)
try(function() return ffi.metatype("const struct other", {}) end)
try(function() return ffi.metatype("struct other *", {}) end)
emit(getmetatable(o))
--- not callable and protected
local ffi = require "ffi"
ffi.cdef[[ struct nc { int a; }; ]]
local o = ffi.new("struct nc")
try(function() return o() end)
try(function() return ffi.new("int")() end)
try(function() return ffi.new("int *")() end)
