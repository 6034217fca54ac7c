--- struct fields and array elements
local ffi = require "ffi"
ffi.cdef[[
struct foo { int a; struct { int x; } in; int arr[4]; double d; int64_t big; uint64_t ubig; bool flag; char *str; struct foo *next; float f; uint8_t b; };
]]
local s = ffi.new("struct foo")
emit(s, s["in"], s.arr, s.a, s.d, s.big, s.ubig, s.flag, s.str == nil, s.next == nil, s.f, s.b)
s.a = 7; s["in"].x = 8; s.arr[2] = 9; s.d = 1.25; s.big = -5; s.ubig = 5; s.flag = true; s.f = 0.1; s.b = 300
emit(s.a, s["in"].x, s.arr[2], s.d, s.big, s.ubig, s.flag, s.f, s.b)
s.next = s
emit(s.next.a, s.next.next.arr[2], s.next == s, s.next ~= nil)
local p = ffi.new("struct foo[2]")
emit(p[0], p + 1, p[1].arr)
p[1] = s
emit(p[1].a, p[1].arr[2], p[0].a)
p[0]["in"] = s["in"]
emit(p[0]["in"].x)
local q = ffi.cast("struct foo *", p)
emit(q.a, q[1].a, (q + 1).a, q[1].next.a)
q.a = 11
emit(p[0].a)
--- errors
local ffi = require "ffi"
ffi.cdef("struct b { int x; const int c; }; struct c { int y; };")
try(function() local p = ffi.new("int[2]"); return p.x end)
try(function() local p = ffi.new("int[2]"); return p[{}] end)
try(function() local p = ffi.new("int"); return p[0] end)
try(function() local s = ffi.new("struct b"); return s.y end)
try(function() local s = ffi.new("struct b"); s.y = 1 end)
try(function() local s = ffi.new("const int[1]"); s[0] = 1 end)
try(function() local s = ffi.new("struct b"); s.c = 1 end)
try(function() local s = ffi.new("struct b[1]"); s[0] = ffi.new("struct b") end)
try(function() local s = ffi.new("struct b"); return s[0] end)
try(function() local s = ffi.new("struct b"); s[0] = 1 end)
try(function() local s = ffi.new("struct b"); s.x = "a" end)
try(function() local s = ffi.new("void *"); return s[0] end)
try(function() local s = ffi.new("struct b"); return s[ffi.new("int")] end)
try(function() local s = ffi.new("int[3]"); return s[ffi.new("int64_t", 2)], s[1.9], s[true] end)
try(function() local s = ffi.new("struct b"); local t = ffi.new("struct c"); s.x = t end)
try(function() local p = ffi.new("const struct b"); p.x = 1 end)
try(function() local p = ffi.cast("const struct b *", ffi.new("struct b")); p.x = 1 end)
try(function() return ffi.typeof("int").x end)
--- pointers
local ffi = require "ffi"
local a = ffi.new("int[4]", 10, 20, 30, 40)
local p = a + 1
emit(p[0], p[1], p[-1], (p + 2)[0], (2 + p)[0], p - a, a - p, (p - 1)[0])
local pp = ffi.new("int *[1]", p)
emit(pp[0][0], pp[0][1])
pp[0][1] = 99
emit(a[2])
local vp = ffi.cast("void *", p)
emit(ffi.cast("int *", vp)[0], vp == p, ffi.cast("char *", p) + 4 == ffi.cast("char *", a + 2))
local cp = ffi.cast("char *", a)
emit(cp[0], cp[4], cp[8])
emit(a == a, a + 0 == a, a + 1 == p, a < p, p <= a, p > a)
