--- numbers in declarations
local ffi = require "ffi"
local function t(s) try(function() ffi.cdef(s) end) end
t("enum { A1 = 1LL };")
t("enum { A6b = 7UL };")
t("enum { A2 = 0x80000000, A3 = 4294967295u, A4 = 010, A5 = 0b101, A6 = 7U, A7 = 'a', A8 = '\\n' };")
t("enum { A9 = 4294967296 };")
t("enum { A10 = 1.5 };")
t("enum { A11 = 08 };")
t("enum { A12 = 0x };")
try(function() return ffi.C.A2, ffi.C.A3, ffi.C.A4, ffi.C.A5, ffi.C.A6, ffi.C.A7, ffi.C.A8 end)
--- constant expressions
local ffi = require "ffi"
local function t(s) try(function() ffi.cdef(s) end) end
t("enum { B1 = -1 / 0 };")
t("enum { B2 = 1 ? 2 : 3, B3 = (1,2), B4 = sizeof(int), B5 = sizeof(struct { char a; double b; }), B6 = __alignof__(double), B7 = 3 % 2 };")
t("enum { B8 = ~0, B9 = !5, B10 = -2147483648, B11 = 1 << 31, B12 = -8 >> 1, B13 = 0x80000000 >> 1 };")
t("enum { B14 = sizeof(\"abc\"), B15 = sizeof(long double), B16 = 7 / 2, B17 = -7 / 2, B18 = 0xffffffff / 2, B19 = 1 < 2, B20 = -1 < 1u, B21 = 5 && 0, B22 = 0 || 3, B23 = 6 ^ 3, B24 = 6 | 3, B25 = 6 & 3, B26 = 3 == 3, B27 = 3 != 3, B28 = 2 >= 2, B29 = 2 <= 1 };")
t("enum { B30 = (int)3, B31 = sizeof(int[10]), B32 = sizeof(char *), B33 = sizeof(struct { int a[3]; }) };")
t("enum { B34 = 0x80000000 % 0 };")
t("enum { B35 = x };")
t("enum { B36 = +5, B37 = B36 * 2 };")
try(function() return ffi.C.B2, ffi.C.B3, ffi.C.B4, ffi.C.B5, ffi.C.B6, ffi.C.B7, ffi.C.B8, ffi.C.B9, ffi.C.B10, ffi.C.B11, ffi.C.B12, ffi.C.B13 end)
try(function() return ffi.C.B14, ffi.C.B15, ffi.C.B16, ffi.C.B17, ffi.C.B18, ffi.C.B19, ffi.C.B20, ffi.C.B21, ffi.C.B22, ffi.C.B23, ffi.C.B24, ffi.C.B25, ffi.C.B26, ffi.C.B27, ffi.C.B28, ffi.C.B29 end)
try(function() return ffi.C.B30, ffi.C.B31, ffi.C.B32, ffi.C.B33, ffi.C.B36, ffi.C.B37 end)
--- declaration syntax errors
local ffi = require "ffi"
local function t(s) try(function() ffi.cdef(s) end) end
t("int this is bad;")
t("int")
t("int x")
t("int x; int y")
t("struct")
t("struct {")
t("struct s1 { int a }")
t("struct s2 { int a; };\nstruct s2 { int a; };")
t("typedef int x;\n\n  static foo;")
t("int a[2147483648];")
t("int a[-1];")
t("int f(void) { return 1; }; int g;")
t("union s3 { int a; }; struct s3 *p;")
t("enum e1 { Q }; enum e1 { R };")
t("enum e2 { Q2 }; enum e3 { Q2 };")
t("@")
t("int \001")
t("char *s = \"abc;")
t("int x[3][];")
t("int f()[3];")
t("int (*f)()();")
t("void x;")
t("struct s4 { int a[]; int b; };")
t("typedef int td; enum { td };")
t("int *&p;")
t("int x[?];")
t("struct s5 { int x; } s5v; struct s5 { int y; };")
t("typedef struct s6 s6_t; s6_t x;")
t("static int SC3 = 1;")
t("extern static int y;")
t("int z = 1;")
t("long long long ll;")
t("unsigned float uf;")
t("short double sd;")
t("bool char bc;")
t("$")
t("int f(int, ...)")
t("int f2(void, int);")
t("# 5\nint q1; int q2 q3;")
t("#line 10\nint q4 q5;")
t("#pragma something\nint q6; int q7 q8;")
t("#foo")
t("/* unterminated comment\nint x;")
t("// comment\nint q9; int q10 q11;")
t("int \\\nq12; int q13 q14;")
--- redeclarations are ignored
local ffi = require "ffi"
local function t(s) try(function() ffi.cdef(s) end) end
t("typedef int foo; typedef int foo; typedef double foo;")
emit(ffi.typeof("foo"))
t("int f(int); double f(double);")
t("struct incomplete; struct incomplete; struct incomplete *ip;")
t("struct incomplete { int x; };")
emit(ffi.sizeof("struct incomplete"))
t("typedef struct incomplete inc_t;")
emit(ffi.typeof("inc_t"), ffi.sizeof("inc_t"))
--- a failed cdef declares nothing
local ffi = require "ffi"
try(function() ffi.cdef("typedef int good1; struct good2 { int x; }; int bad bad;") end)
try(function() return ffi.typeof("good1") end)
try(function() return ffi.typeof("struct good2") end)
try(function() ffi.cdef("typedef int good1; struct good2 { int x; };") end)
try(function() return ffi.typeof("good1"), ffi.typeof("struct good2") end)
--- struct layout
local ffi = require "ffi"
local function t(s) try(function() ffi.cdef(s) end) end
t("#pragma pack(push, 1)\nstruct s6 { char a; int b; };\n#pragma pack(pop)\nstruct s7 { char a; int b; };")
emit(ffi.sizeof("struct s6"), ffi.sizeof("struct s7"), ffi.alignof("struct s6"), ffi.alignof("struct s7"))
t("struct s8 { char a; int b; } __attribute__((packed)); struct s9 { char a; int b __attribute__((aligned(16))); };")
emit(ffi.sizeof("struct s8"), ffi.sizeof("struct s9"), ffi.offsetof("struct s9", "b"), ffi.alignof("struct s9"))
t("struct s10 { char a; double b; char c; }; union u1 { char a[5]; int b; double c; }; struct s11 { char c; short s; int i; long l; float f; double d; char *p; long double ld; };")
emit(ffi.sizeof("struct s10"), ffi.offsetof("struct s10", "c"), ffi.sizeof("union u1"), ffi.alignof("union u1"))
emit(ffi.offsetof("struct s11", "s"), ffi.offsetof("struct s11", "i"), ffi.offsetof("struct s11", "l"), ffi.offsetof("struct s11", "f"), ffi.offsetof("struct s11", "d"), ffi.offsetof("struct s11", "p"), ffi.offsetof("struct s11", "ld"), ffi.sizeof("struct s11"), ffi.alignof("struct s11"))
t("#pragma pack(2)\nstruct s12 { char a; double b; };\n#pragma pack()\nstruct s13 { char a; double b; };")
emit(ffi.sizeof("struct s12"), ffi.sizeof("struct s13"))
t("struct s14 { int n; double d[?]; }; struct s15 { int n; char data[]; }; struct s16 {};")
emit(ffi.sizeof("struct s14", 3), ffi.sizeof("struct s15"), ffi.sizeof("struct s16"), ffi.typeof("struct s14"))
t("struct anon { int a; union { int b; float c; }; struct { char d; } e; enum { EA, EB } f; };")
emit(ffi.sizeof("struct anon"), ffi.offsetof("struct anon", "b"), ffi.offsetof("struct anon", "c"), ffi.offsetof("struct anon", "e"), ffi.offsetof("struct anon", "f"), ffi.C.EB)
t("struct s17 { static const int K = 7; int x; }; struct s18 { const int x; int y; };")
emit(ffi.sizeof("struct s17"), ffi.offsetof("struct s17", "K"), ffi.offsetof("struct s17", "x"))
t("typedef struct { int x; } __attribute__((aligned(8))) al8_t; typedef int aint __attribute__((aligned(8)));")
emit(ffi.alignof("aint"), ffi.sizeof("aint"))
t("struct s19 { int a; struct s19 *next; struct s19 *prev; };")
emit(ffi.sizeof("struct s19"), ffi.offsetof("struct s19", "prev"))
--- enums
local ffi = require "ffi"
ffi.cdef[[
enum color { RED, GREEN = 5, BLUE };
enum neg { M = -1, N };
enum big { BIG = 0x80000000, BIG2 };
typedef enum { T1 = 1 } tenum;
]]
emit(ffi.typeof("enum color"), ffi.sizeof("enum color"), ffi.C.RED, ffi.C.GREEN, ffi.C.BLUE, ffi.C.M, ffi.C.N, ffi.C.BIG, ffi.C.BIG2, ffi.C.T1)
emit(ffi.new("enum color", 5), ffi.new("enum color", "BLUE"), ffi.new("enum neg", -1), ffi.new("enum big", "BIG"))
local e = ffi.new("enum color[1]"); e[0] = "GREEN"; emit(e[0])
try(function() local e = ffi.new("enum color[1]"); e[0] = "PURPLE" end)
emit(tonumber(ffi.new("enum neg", -1)), tonumber(ffi.new("enum big", "BIG2")))
local s = ffi.new("struct { enum color c; }", {"BLUE"}); emit(s.c)
--- function declarations
local ffi = require "ffi"
ffi.cdef[[
int f1(int a, double b);
int f2(void);
int f3();
int f4(int, ...);
void (*signal(int sig, void (*func)(int)))(int);
int f5(int a[10], int (*cb)(void));
static int f6(void);
extern int f7(void) __attribute__((noinline));
int f8(int) asm("other_name");
inline int f9(void) { return 0; }
]]
emit("ok")
--- params
local ffi = require "ffi"
try(function() ffi.cdef("struct $ { int x; };", "pstruct") end)
try(function() return ffi.typeof("struct pstruct") end)
try(function() ffi.cdef("typedef $ pint_t;", ffi.typeof("int *")) end)
try(function() return ffi.typeof("pint_t") end)
try(function() ffi.cdef("typedef int parr_t[$];", 7) end)
try(function() return ffi.typeof("parr_t"), ffi.sizeof("parr_t") end)
try(function() ffi.cdef("typedef int $;") end)
try(function() ffi.cdef("typedef int bad_t;", 1) end)
try(function() ffi.cdef("typedef $ bad2_t;", {}) end)
