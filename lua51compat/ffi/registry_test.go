package ffi

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"gresty/lua51compat"
)

// The Go symbol registry as another package uses it: functions with
// integer, pointer and variadic arguments, opaque handles, errno, errors,
// libraries for ffi.load and Go functions as finalizers.

type testHandle struct{ name string }

var freedHandles atomic.Int32

func init() {
	Register("gresty_test_add", func(c *Call) (Value, error) {
		return Int(c.Int(0) + c.Int(1)), nil
	})
	Register("gresty_test_sum", func(c *Call) (Value, error) {
		var f float64
		for i := 1; i < c.NumArgs(); i++ {
			f += c.Float(i)
		}
		return Float(f), nil
	})
	Register("gresty_test_open", func(c *Call) (Value, error) {
		name, err := c.Pointer(0).CString()
		if err != nil {
			return Void, err
		}
		if name == "" {
			c.SetErrno(22)
			return Ptr(Null), nil
		}
		return Ptr(NewObject(&testHandle{name: name}, 16)), nil
	})
	Register("gresty_test_name", func(c *Call) (Value, error) {
		h, ok := c.Pointer(0).Object().(*testHandle)
		if !ok {
			return Void, errors.New("not a handle")
		}
		out, err := c.Pointer(1).Write(len(h.name) + 1)
		if err != nil {
			return Void, err
		}
		copy(out, h.name)
		out[len(h.name)] = 0
		return Int(int64(len(h.name))), nil
	})
	Register("gresty_test_close", func(c *Call) (Value, error) {
		freedHandles.Add(1)
		return Void, c.Pointer(0).SetObject(nil)
	})
	RegisterLib("grestytest", "gresty_test_version", func(*Call) (Value, error) { return Int(42), nil })
}

func TestRegisteredFunctions(t *testing.T) {
	L := newVM(t)
	defer L.Close()
	if err := Cdef(L, `
		typedef struct test_handle_s test_handle_t;
		int gresty_test_add(int a, int b);
		double gresty_test_sum(int n, ...);
		test_handle_t *gresty_test_open(const char *name);
		int gresty_test_name(test_handle_t *h, char *buf);
		void gresty_test_close(test_handle_t *h);
		int gresty_test_version(void);
		int gresty_test_unimplemented(void);`); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ lua, want string }{
		{`return C.gresty_test_add(40, 2)`, "42"},
		{`return C.gresty_test_add(2^31, 0)`, "-2147483648"},
		{`return C.gresty_test_sum(3, 1, 2.5, ffi.new("int", 3))`, "6.5"},
		{`local h = C.gresty_test_open("db"); local b = ffi.new("char[8]"); return C.gresty_test_name(h, b), ffi.string(b), ffi.typeof(h)`, "2\tdb\tctype<struct test_handle_s *>"},
		{`local h = C.gresty_test_open(""); return h == nil, ffi.errno()`, "true\t22"},
		{`return pcall(C.gresty_test_name, ffi.cast("test_handle_t *", ffi.new("char[4]")), ffi.new("char[1]"))`, "false\tnot a handle"},
		{`local h = C.gresty_test_open("long-name"); return pcall(C.gresty_test_name, h, ffi.new("char[4]"))`, "false\tout-of-bounds C memory access (10 bytes at offset 0 of a 4-byte object)"},
		{`return pcall(function() return C.gresty_test_unimplemented end)`, "false\tcheck:1: not implemented in gresty: gresty_test_unimplemented"},
		{`return ffi.load("grestytest").gresty_test_version(), ffi.load("libgrestytest.so.1").gresty_test_add(1, 2)`, "42\t3"},
		{`return pcall(function() return C.gresty_test_version end)`, "false\tcheck:1: not implemented in gresty: gresty_test_version"},
		{`ffi.load("grestytest", true); return C.gresty_test_version()`, "42"},
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

func TestGoFunctionAsFinalizer(t *testing.T) {
	L := newVM(t)
	defer L.Close()
	if err := Cdef(L, `typedef struct test_handle_s test_handle_t;
		test_handle_t *gresty_test_open(const char *name);
		void gresty_test_close(test_handle_t *h);`); err != nil {
		t.Fatal(err)
	}
	before := freedHandles.Load()
	dropGarbage(t, L, `local ffi = require "ffi"
		for i = 1, 4 do ffi.gc(ffi.C.gresty_test_open("h"), ffi.C.gresty_test_close) end`)
	collectUntil(t, L, 4)
	if err := RunFinalizers(L); err != nil {
		t.Fatal(err)
	}
	if n := freedHandles.Load() - before; n != 4 {
		t.Errorf("gresty_test_close ran %d times, want 4", n)
	}
}
