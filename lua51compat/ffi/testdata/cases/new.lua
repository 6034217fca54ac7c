--- scalars
local ffi = require "ffi"
emit(ffi.new("int", 5), ffi.new("int64_t", 5), ffi.new("uint64_t", 5), ffi.new("double", 1.5), ffi.new("bool", 1))
emit(tonumber(ffi.new("int", 5)), tonumber(ffi.new("double", 1.5)), tonumber(ffi.new("bool", 1)), tonumber(ffi.new("float", 0.1)), tonumber(ffi.new("int")))
emit(type(ffi.new("int")), getmetatable(ffi.new("int")))
emit(ffi.new("void *"), ffi.new("int *"), ffi.new("const char *", nil))
try(function() return ffi.new("int", nil) end)
try(function() return ffi.new("int", "x") end)
try(function() return ffi.new("int", {}) end)
try(function() return ffi.new("int *", 5) end)
try(function() return ffi.new("int", 1, 2) end)
try(function() return ffi.new("void") end)
try(function() return ffi.new("int()") end)
try(function() return ffi.new("struct incomplete_new") end)
try(function() return ffi.new() end)
try(function() return ffi.new(5) end)
try(function() local x = ffi.new("int", true); return x end)
try(function() local x = ffi.new("int *", true); return x end)
try(function() local x = ffi.new("int *", print); return x end)
try(function() local x = ffi.new("int", print); return x end)
--- arrays
local ffi = require "ffi"
local function show(a, n) local t = {} for i = 0, n - 1 do t[#t+1] = tostring(a[i]) end return table.concat(t, ",") end
emit(show(ffi.new("int[3]"), 3), show(ffi.new("int[3]", 7), 3), show(ffi.new("int[3]", 1, 2), 3), show(ffi.new("int[3]", {1, 2}), 3), show(ffi.new("int[3]", {[0] = 5, 6}), 3), show(ffi.new("int[3]", {7}), 3))
emit(show(ffi.new("int[?]", 4), 4), show(ffi.new("int[?]", 4, 9), 4), show(ffi.new("int[?]", 4, 1, 2), 4))
emit(show(ffi.new("double[2][2]", {{1, 2}, {3, 4}})[1], 2), show(ffi.new("char[4]", "ab"), 3), show(ffi.new("char[2]", "abc"), 2), show(ffi.new("uint8_t[?]", 3, "xy"), 3))
try(function() return ffi.new("int[2]", 1, 2, 3) end)
try(function() return ffi.new("int[2]", {1, 2, 3}) end)
try(function() return ffi.new("int[?]") end)
try(function() return ffi.new("int[?]", "a") end)
try(function() return ffi.new("int[?]", -1) end)
try(function() return ffi.new("int[?]", 2, 1, 2, 3) end)
try(function() return ffi.new("int[3]", "abc") end)
try(function() local src = ffi.new("int[3]", 1, 2, 3); local a = ffi.new("int[3]", src); return a[2] end)
try(function() local src = ffi.new("int[4]"); local a = ffi.new("int[3]", src); return a end)
try(function() local src = ffi.new("unsigned int[3]"); local a = ffi.new("int[3]", src); return a[0] end)
try(function() local src = ffi.new("char[3]"); local a = ffi.new("int[3]", src); return a end)
try(function() return ffi.new("int[0]"), ffi.sizeof(ffi.new("int[?]", 0)) end)
emit(ffi.new("int[3]"), ffi.new("int[?]", 2), ffi.new("int[2][3]"))
--- structs
local ffi = require "ffi"
ffi.cdef[[
struct pt { int x, y; };
struct rect { struct pt a, b; const char *name; };
union num { int i; float f; };
struct withanon { int a; union { int b; float c; }; int d; };
struct vls { int n; double d[?]; };
]]
local p = ffi.new("struct pt", 1, 2); emit(p.x, p.y)
p = ffi.new("struct pt", {3, 4}); emit(p.x, p.y)
p = ffi.new("struct pt", {y = 5}); emit(p.x, p.y)
p = ffi.new("struct pt", {[0] = 6, 7}); emit(p.x, p.y)
p = ffi.new("struct pt", 8); emit(p.x, p.y)
p = ffi.new("struct pt", {}); emit(p.x, p.y)
p = ffi.new("struct pt", {1, y = 9}); emit(p.x, p.y)
local r = ffi.new("struct rect", {{1, 2}, {x = 3, y = 4}}); emit(r.a.x, r.a.y, r.b.x, r.b.y, r.name == nil)
r = ffi.new("struct rect", p, p); emit(r.a.x, r.a.y, r.b.y)
local u = ffi.new("union num", 1065353216); emit(u.i, u.f)
u = ffi.new("union num", {i = 0x40000000}); emit(u.f)
local w = ffi.new("struct withanon", 1, 2, 3); emit(w.a, w.b, w.c, w.d)
w = ffi.new("struct withanon", {a = 1, c = 1.5, d = 4}); emit(w.a, w.b, w.c, w.d)
local v = ffi.new("struct vls", 3, {5}); emit(v.n, ffi.sizeof(v))
try(function() return ffi.new("struct pt", 1, 2, 3) end)
try(function() return ffi.new("struct pt", "abc") end)
try(function() return ffi.new("struct pt", {"abc"}) end)
try(function() local src = ffi.new("struct rect"); local a = ffi.new("struct pt", src); return a end)
try(function() return ffi.new("struct vls") end)
try(function() return ffi.new("union num", 1, 2) end)
emit(ffi.new("struct pt"), ffi.new("union num"), ffi.new("struct vls", 1))
--- ctype constructors
local ffi = require "ffi"
local pt = ffi.typeof("struct { int x, y; }")
local p = pt(1, 2)
emit(p.x, p.y, ffi.typeof("int")(5), ffi.typeof("int[?]")(3)[2], ffi.typeof("double")(), ffi.typeof("int*")())
try(function() return ffi.typeof("void")() end)
