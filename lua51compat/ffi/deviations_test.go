package ffi

import (
	"strings"
	"testing"

	"gresty/lua51compat"
)

// The documented differences from LuaJIT (DEVIATIONS.md), as tests, so the
// document stays true.
func TestDocumentedDeviations(t *testing.T) {
	for _, tc := range []struct {
		name, lua, want string
	}{
		{"explicit NULL cdata is not nil", `return ffi.new("void *") == nil, ffi.cast("void *", 0) == nil`, "false\tfalse"},
		{"NULL read from C data is nil", `local s = ffi.new("struct { char *p; }"); return s.p == nil, type(s.p)`, "true\tnil"},
		{"cdata never equals a number", `return ffi.new("int64_t", 1) == 1, tonumber(ffi.new("int64_t", 1)) == 1`, "false\ttrue"},
		{"cdata and numbers do not order", `return pcall(function() return ffi.new("int64_t", 1) < 2 end)`, "false\tdeviation:1: attempt to compare userdata with number"},
		{"only literal operands compare with numbers", `local x = 1LL; return 1LL == 1, 2 > 1LL, x == 1, pcall(function() return x < 2 end)`, "true\ttrue\tfalse\tfalse\tdeviation:1: attempt to compare userdata with number"},
		{"the string table has a metatable", `return type(getmetatable(string)), type(string["\0gresty.int64"]), rawget(string, "\0gresty.int64")`, "table\tfunction\tnil"},
		{"Lua strings are read-only", `return pcall(function() ffi.cast("char *", "abc")[0] = 65 end)`, "false\tdeviation:1: attempt to write to constant location"},
		{"unregistered C functions", `ffi.cdef "int gresty_no_such_function(void);"; return pcall(function() return ffi.C.gresty_no_such_function end)`, "false\tdeviation:1: not implemented in gresty: gresty_no_such_function"},
		{"C variables", `ffi.cdef "extern int gresty_no_such_variable;"; return pcall(function() return ffi.C.gresty_no_such_variable end)`, "false\tdeviation:1: not implemented in gresty: gresty_no_such_variable (C variables)"},
		{"no callbacks", `return pcall(ffi.cast, "int (*)(int)", function() end)`, "false\tcannot convert 'function' to 'int (*)()'"},
		{"no bit fields", `return pcall(ffi.cdef, "struct bf { int a : 3; };")`, "false\tNYI: bit fields in gresty"},
		{"no complex values", `local s = ffi.new("struct { complex double c; }"); return pcall(function() return s.c end)`, "false\tdeviation:1: NYI: complex numbers in gresty"},
		{"out of bounds is an error", `return pcall(function() return ffi.new("char[2]")[2] end)`, "false\tdeviation:1: out-of-bounds C memory access (1 bytes at offset 2 of a 2-byte object)"},
	} {
		L := newVM(t)
		fn, err := lua51compat.Load(L, []byte(`local ffi = require "ffi"; `+tc.lua), "=deviation")
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		L.Push(fn)
		if err := L.PCall(0, -1, nil); err != nil {
			t.Errorf("%s: %v", tc.name, err)
			L.Close()
			continue
		}
		var parts []string
		for i := 1; i <= L.GetTop(); i++ {
			parts = append(parts, lua51compat.ToStringMeta(L, L.Get(i)))
		}
		if got := strings.Join(parts, "\t"); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
		L.Close()
	}
}
