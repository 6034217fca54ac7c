package ffi

import (
	"os"
	"strings"
	"testing"

	"gresty/lua51compat"
)

func init() {
	RegisterStringArray("gresty_test_strings", []string{"one", "", "three"})
}

// A registered C variable reads as its declared type, each time it is
// indexed; one that is not registered stays a documented deviation.
func TestRegisteredVariables(t *testing.T) {
	L := newVM(t)
	defer L.Close()
	if err := Cdef(L, `
		char **gresty_test_strings;
		extern char **ngx_argv;`); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lua, want string }{
		{`local v = C.gresty_test_strings; return ffi.string(v[0]), ffi.string(v[1]), ffi.string(v[2]), v[3] == nil`, "one\t\tthree\ttrue"},
		{`return ffi.typeof(C.gresty_test_strings), rawequal(C.gresty_test_strings, C.gresty_test_strings)`, "ctype<char **>\tfalse"},
		{`return ffi.string(C.ngx_argv[0])`, os.Args[0]},
		{`return pcall(function() C.gresty_test_strings[0] = nil end)`, "false\tcheck:1: attempt to write to constant location"},
		{`return pcall(function() C.gresty_test_strings = nil end)`, "false\tcheck:1: attempt to write to constant location"},
	} {
		src := `local ffi = require "ffi"; local C = ffi.C; ` + tc.lua
		L.SetTop(0)
		fn, err := lua51compat.Load(L, []byte(src), "=check")
		if err != nil {
			t.Fatal(err)
		}
		L.Push(fn)
		if err := L.PCall(0, -1, nil); err != nil {
			t.Errorf("%s: %v", tc.lua, err)
			continue
		}
		var parts []string
		for i := 1; i <= L.GetTop(); i++ {
			parts = append(parts, lua51compat.ToStringMeta(L, L.Get(i)))
		}
		if got := strings.Join(parts, "\t"); got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.lua, got, tc.want)
		}
	}
}
