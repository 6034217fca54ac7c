--- ffi.C namespace
local ffi = require "ffi"
ffi.cdef[[
size_t strlen(const char *s);
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *s, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
int strcmp(const char *a, const char *b);
int getpid(void);
enum { CONST_A = 3, CONST_B = -4 };
static const unsigned int CONST_C = 4000000000;
typedef int a_typedef;
]]
local C = ffi.C
emit(type(C), tostring(C):match("^userdata") ~= nil, C.CONST_A, C.CONST_B, C.CONST_C, C.strlen == C.strlen)
emit(C.strlen("hello"), C.strlen(""), type(C.strlen("x")), C.getpid() > 0, C.strcmp("a", "b") < 0, C.strcmp("b", "b"))
local a, b = ffi.new("char[8]"), ffi.new("char[8]", "xyz")
local r = C.memcpy(a, b, 4)
emit(ffi.string(a), r == a, ffi.typeof(r), C.memcmp(a, b, 4), C.memcmp(a, "xyy", 3) > 0)
C.memset(a, 65, 3)
emit(ffi.string(a))
try(function() return C.nosuchfn end)
try(function() return C.a_typedef end)
try(function() return C[1] end)
try(function() C.x = 1 end)
try(function() C.CONST_A = 1 end)
try(function() C.strlen = 1 end)
try(function() local n = C.strlen("abc", 1) return n end)
try(function() local n = C.strlen() return n end)
try(function() local n = C.strlen(1) return n end)
try(function() local n = C.strlen({}) return n end)
try(function() local n = C.memset(a, "x", 1) return n end)
try(function() local n = C.memcpy(ffi.new("const char[4]"), "abc", 1) return n end)
--- function pointers
local ffi = require "ffi"
ffi.cdef[[ size_t strlen(const char *s); typedef size_t (*strlen_fn)(const char *); struct ops { strlen_fn len; }; ]]
local f = ffi.cast("strlen_fn", ffi.C.strlen)
emit(f("abcd"), ffi.typeof(f), f ~= nil)
local ops = ffi.new("struct ops")
ops.len = ffi.C.strlen
emit(ops.len("abcdef"), ffi.typeof(ops.len))
local fp = ffi.new("strlen_fn[1]", ffi.C.strlen)
emit(fp[0]("xy"))
--- ffi.load
local ffi = require "ffi"
try(function() return ffi.load("nosuchlib") end)
try(function() return ffi.load("/nonexistent/libx.so") end)
try(function() return ffi.load() end)
try(function() local l = ffi.load("crypto"); return type(l), tostring(l):match("^userdata") ~= nil end)
try(function() ffi.cdef("int RAND_bytes(unsigned char *buf, int num);"); local l = ffi.load("crypto"); local b = ffi.new("unsigned char[4]"); return l.RAND_bytes(b, 4) end)
try(function() local l = ffi.load("libcrypto.so.3"); return l.RAND_bytes ~= nil end)
try(function() local l = ffi.load("crypto"); return l.nosuch end)
