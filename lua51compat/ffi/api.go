package ffi

import (
	lua "github.com/yuin/gopher-lua"
)

// Go-side entry points for the runtime and other packages.

// Cdef declares C types and functions in L's VM as ffi.cdef does, for
// declarations the environment provides before any Lua code runs (for
// instance the typedefs OpenResty's resty.core makes at startup, which
// libraries use without declaring them). It fails when Preload has not
// been called on L.
func Cdef(L *lua.LState, decls string) error {
	s := stateOf(L)
	if s == nil {
		return errf("ffi: Preload was not called on this VM")
	}
	p := &cparser{tt: s.tt, mode: modeMulti | modeDirect}
	return p.run(decls, p.declMulti)
}

// BoxInt64 returns an int64_t cdata, as LuaJIT makes for a 123LL literal.
// (The front end makes 123LL literals through InstallInt64Literals.)
func BoxInt64(L *lua.LState, v int64) lua.LValue {
	s := stateOf(L)
	if s == nil {
		return lua.LNumber(float64(v))
	}
	return s.int64Value(L, s.tt.tInt64, uint64(v))
}

// BoxUint64 returns a uint64_t cdata, as LuaJIT makes for a 123ULL literal.
func BoxUint64(L *lua.LState, v uint64) lua.LValue {
	s := stateOf(L)
	if s == nil {
		return lua.LNumber(float64(v))
	}
	return s.int64Value(L, s.tt.tUint64, v)
}

// IsCdata reports whether v is a cdata object (a C value or a ctype).
func IsCdata(v lua.LValue) bool {
	_, ok := toCData(v)
	return ok
}

// BoxObject returns a void * cdata pointing at a fresh allocation that
// holds obj (see NewObject), as a C function returning an opaque handle
// would, with fin (when not nil) as its ffi.gc finalizer. Without ffi in
// L's VM it returns a plain userdata holding obj.
func BoxObject(L *lua.LState, obj any, fin lua.LValue) lua.LValue {
	s := stateOf(L)
	if s == nil {
		ud := L.NewUserData()
		ud.Value = obj
		return ud
	}
	cd := s.newPointer(s.tt.tPVoid, NewObject(obj, 1).p)
	ud := s.box(L, cd)
	if fin != nil && fin != lua.LNil {
		s.setFinalizer(ud, cd, fin)
	}
	return ud
}

// ObjectOf returns the Go object attached where the pointer cdata v
// points (see BoxObject and NewObject), or the value of a plain userdata,
// nil for anything else.
func ObjectOf(v lua.LValue) any {
	ud, ok := v.(*lua.LUserData)
	if !ok {
		return nil
	}
	cd, ok := ud.Value.(*cdata)
	if !ok {
		return ud.Value
	}
	if cd.isCtype() || cd.ct.raw().kind != kPtr || cd.st == nil {
		return nil
	}
	return Pointer{p: cd.p, as: &cd.st.as}.Object()
}
