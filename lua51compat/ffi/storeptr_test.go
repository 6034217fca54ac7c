package ffi

import (
	"strings"
	"testing"

	"gresty/lua51compat"
)

// A Go function reporting failure through char **err, as ngx_lua's
// ngx_http_lua_ffi_* functions do, and one receiving a plain userdata as
// void *.

func init() {
	Register("gresty_test_fail", func(c *Call) (Value, error) {
		msg, err := c.Pointer(0).CString()
		if err != nil {
			return Void, err
		}
		if err := c.Pointer(1).StorePointer(NewCString(msg + " failed")); err != nil {
			return Void, err
		}
		return Int(-1), nil
	})
	Register("gresty_test_udata", func(c *Call) (Value, error) {
		s, _ := c.Pointer(0).Object().(string)
		return Int(int64(len(s))), nil
	})
}

func TestStorePointerAndUserdata(t *testing.T) {
	L := newVM(t)
	defer L.Close()
	if err := Cdef(L, `int gresty_test_fail(const char *what, char **err);
		int gresty_test_udata(void *u);`); err != nil {
		t.Fatal(err)
	}
	ud := L.NewUserData()
	ud.Value = "four"
	L.SetGlobal("UD", ud)
	src := `local ffi = require "ffi"
local err = ffi.new("char *[1]")
local rc = ffi.C.gresty_test_fail("parse", err)
collectgarbage()
return rc, ffi.string(err[0]), err[0] ~= nil, ffi.C.gresty_test_udata(UD)`
	fn, err := lua51compat.Load(L, []byte(src), "=check")
	if err != nil {
		t.Fatal(err)
	}
	L.Push(fn)
	if err := L.PCall(0, -1, nil); err != nil {
		t.Fatal(err)
	}
	var parts []string
	for i := 1; i <= L.GetTop(); i++ {
		parts = append(parts, lua51compat.ToStringMeta(L, L.Get(i)))
	}
	if got, want := strings.Join(parts, "\t"), "-1\tparse failed\ttrue\t4"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
