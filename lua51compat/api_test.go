package lua51compat

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// Expected values below were printed by the reference nginx (LuaJIT 2.1);
// see testdata/golden/number.golden and bit.golden.

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "-0"},
		{3, "3"},
		{-1, "-1"},
		{99999999999999, "99999999999999"},
		{1e14, "1e+14"},
		{-1e14, "-1e+14"},
		{1e15, "1e+15"},
		{0.1 + 0.2, "0.3"},
		{1.0 / 3, "0.33333333333333"},
		{100.0 / 3, "33.333333333333"},
		{-2.0 / 3, "-0.66666666666667"},
		{1e-5, "1e-05"},
		{0.0001234, "0.0001234"},
		{math.Pow(2, 53), "9.007199254741e+15"},
		{math.Pow(2, 64), "1.844674407371e+19"},
		{5e-324, "4.9406564584125e-324"},
		{1.7976931348623157e308, "1.7976931348623e+308"},
		{100000000000005, "1.0000000000001e+14"},
		{100000000000025, "1.0000000000003e+14"},
		{1234567890123.45, "1234567890123.4"},
		{12345678901234.5, "12345678901235"},
		{0.999999999999995, "1"},
		{math.Inf(1), "inf"},
		{math.Inf(-1), "-inf"},
		{math.NaN(), "nan"},
		{-math.NaN(), "nan"},
	}
	for _, tt := range tests {
		if got := FormatNumber(tt.in); got != tt.want {
			t.Errorf("FormatNumber(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"10", 10, true},
		{"  10  ", 10, true},
		{"\t\n10\r\v\f", 10, true},
		{"1e1", 10, true},
		{".5", 0.5, true},
		{"5.", 5, true},
		{"-0x10", -16, true},
		{"0x1p4", 16, true},
		{"0x.8", 0.5, true},
		{"0b101", 5, true},
		{"1e500", math.Inf(1), true},
		{"-Infinity", math.Inf(-1), true},
		{"+5", 5, true},
		{"", 0, false},
		{" ", 0, false},
		{".", 0, false},
		{"1e", 0, false},
		{"0x", 0, false},
		{"10 x", 0, false},
		{"5\x00", 0, false},
		{"1LL", 0, false},
		{"0b1.0", 0, false},
		{"infx", 0, false},
		{"1_000", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseNumber(tt.in)
		if ok != tt.ok || (ok && got != tt.want) {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	if f, ok := ParseNumber("nan"); !ok || !math.IsNaN(f) {
		t.Errorf("ParseNumber(nan) = %v, %v", f, ok)
	}
}

func TestToBit(t *testing.T) {
	tests := []struct {
		in   float64
		want int32
	}{
		{0xffffffff, -1},
		{math.Pow(2, 32) + 1, 1},
		{1.5, 2},
		{2.5, 2},
		{-1.5, -2},
		{0.5, 0},
		{math.Pow(2, 53) + 3, 2},
		{1e300, -2013235812},
		{math.Inf(1), 0},
		{math.NaN(), 0},
		{math.Pow(2, 31), -2147483648},
		{-math.Pow(2, 31) - 1, 2147483647},
	}
	for _, tt := range tests {
		if got := ToBit(tt.in); got != tt.want {
			t.Errorf("ToBit(%v) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

// newPrintState opens the libraries with print writing to a buffer.
func newPrintState(t *testing.T) (*lua.LState, *bytes.Buffer) {
	t.Helper()
	var buf bytes.Buffer
	L := lua.NewState()
	OpenLibsWithOutput(L, &buf)
	return L, &buf
}

func TestPrint(t *testing.T) {
	tests := []struct {
		name, src, want, err string
	}{
		{"values", `print(1, 0.1 + 0.2, nil, true, "s", 1e15)`, "1\t0.3\tnil\ttrue\ts\t1e+15\n", ""},
		{"no arguments", `print()`, "\n", ""},
		{"__tostring", `print(setmetatable({}, { __tostring = function() return "obj" end }))`, "obj\n", ""},
		{"redefined tostring", `tostring = function(v) return "<" .. type(v) .. ">" end print(1, "x")`, "<number>\t<string>\n", ""},
		{"tostring returning a number", `tostring = function() return 42 end print("x")`, "42\n", ""},
		{"tostring returning a table", `tostring = function() return {} end print("x")`, "", "'tostring' must return a string to 'print'"},
		{"tostring removed", `tostring = nil print("x")`, "", "attempt to call"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			L, buf := newPrintState(t)
			defer L.Close()
			err := L.DoString(tt.src)
			if tt.err == "" && err != nil {
				t.Fatalf("error: %v", err)
			}
			if tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) {
				t.Fatalf("error = %v, want it to contain %q", err, tt.err)
			}
			if buf.String() != tt.want {
				t.Errorf("output = %q, want %q", buf.String(), tt.want)
			}
		})
	}
}

func TestToStringMeta(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	OpenLibs(L)
	if err := L.DoString(`
		A = setmetatable({}, { __tostring = function() return "A!" end })
		B = setmetatable({}, { __tostring = function() return 0.1 + 0.2 end })`); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		in   lua.LValue
		want string
	}{
		{lua.LNumber(1e15), "1e+15"},
		{lua.LString("s"), "s"},
		{lua.LNil, "nil"},
		{lua.LFalse, "false"},
		{L.GetGlobal("A"), "A!"},
		{L.GetGlobal("B"), "0.3"},
	}
	for _, tt := range tests {
		if got := ToStringMeta(L, tt.in); got != tt.want {
			t.Errorf("ToStringMeta(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := ToString(L.GetGlobal("A")); !strings.HasPrefix(got, "table: 0x") {
		t.Errorf("ToString(table) = %q", got)
	}
}

func TestPreload(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	OpenLibs(L)
	Preload(L)
	// Before require, the OpenResty extensions are not in the table
	// library; require returns the function and stores it there.
	tests := []struct{ src, want string }{
		{`return type(table.nkeys)`, "nil"},
		{`return type(require("table.nkeys"))`, "function"},
		{`return tostring(require("table.nkeys") == table.nkeys)`, "true"},
		{`return tostring(require("table.nkeys")({ 1, a = 2 }))`, "2"},
		{`return tostring(require("table.new") == table.new)`, "true"},
		{`return tostring(require("table.clear") == table.clear)`, "true"},
		{`return tostring(require("table.isempty")({}))`, "true"},
		{`return tostring(require("table.isarray")({ 1, 2 }))`, "true"},
		{`return tostring(require("table.clone")({ 5 })[1])`, "5"},
		{`return tostring(require("bit") == bit)`, "true"},
		{`return tostring(require("jit") == jit)`, "true"},
		{`package.loaded.bit = nil bit = nil return type(require("bit").band)`, "function"},
	}
	for _, tt := range tests {
		if err := L.DoString(tt.src); err != nil {
			t.Fatalf("%s: %v", tt.src, err)
		}
		got := L.ToString(-1)
		L.Pop(1)
		if got != tt.want {
			t.Errorf("%s = %q, want %q", tt.src, got, tt.want)
		}
	}
}

func TestConcatDoesNotUseTheDataStack(t *testing.T) {
	// gopher-lua's own table.concat overflows a fixed 5120-slot data stack
	// with a few thousand pieces.
	L := lua.NewState()
	defer L.Close()
	OpenLibs(L)
	if err := L.DoString(`
		local t = {} for i = 1, 100000 do t[i] = i end
		S = table.concat(t, ",")`); err != nil {
		t.Fatal(err)
	}
	s := L.GetGlobal("S").String()
	if !strings.HasPrefix(s, "1,2,3,") || !strings.HasSuffix(s, ",99999,100000") {
		t.Errorf("concat = %q...%q", s[:10], s[len(s)-10:])
	}
}

func TestPatternCacheIsBounded(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	OpenLibs(L)
	if err := L.DoString(`for i = 1, 3000 do assert(("x" .. i):find("x" .. i .. "$")) end`); err != nil {
		t.Fatal(err)
	}
	n := 0
	patCache.Range(func(_, _ any) bool { n++; return true })
	if n > patCacheSize {
		t.Errorf("pattern cache holds %d patterns, limit %d", n, patCacheSize)
	}
}

func TestOSClockIsCPUTime(t *testing.T) {
	L := lua.NewState()
	defer L.Close()
	OpenLibs(L)
	// A busy loop consumes CPU time; gopher-lua's os.clock was wall time
	// since start, which would also grow, so check the sleep side too.
	if err := L.DoString(`
		local c0 = os.clock()
		local x = 0 for i = 1, 3e6 do x = x + i end
		BUSY = os.clock() - c0`); err != nil {
		t.Fatal(err)
	}
	if busy := float64(L.GetGlobal("BUSY").(lua.LNumber)); busy <= 0 {
		t.Errorf("os.clock did not advance during a busy loop: %v", busy)
	}
	c0 := cpuSeconds()
	time.Sleep(200 * time.Millisecond)
	if d := cpuSeconds() - c0; d > 0.1 {
		t.Errorf("os.clock advanced %vs while the process slept", d)
	}
}
