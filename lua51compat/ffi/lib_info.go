package ffi

import (
	lua "github.com/yuin/gopher-lua"
)

// The ffi functions that describe types: sizeof, alignof, offsetof,
// istype, plus metatype, gc, errno, abi and typeinfo.

func (s *ffiState) ffiSizeof(L *lua.LState) int {
	ct := s.checkCtype(L, false)
	if cd, ok := toCData(L.Get(1)); ok && !cd.isCtype() && cd.ct.kind != kRef && cd.ct.raw().vla && cd.p.a != nil {
		L.Push(lua.LNumber(len(cd.p.a.data) - int(cd.p.off)))
		return 1
	}
	r := ct.deref().raw()
	var sz int64
	if r.vla {
		sz = r.vlSize(int64(s.checkInt(L, 2)))
	} else {
		sz = r.size
		if r.kind == kFunc || r.kind == kVoid {
			sz = sizeUnknown
		}
	}
	if sz < 0 {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(lua.LNumber(sz))
	return 1
}

func (s *ffiState) ffiAlignof(L *lua.LState) int {
	ct := s.checkCtype(L, false)
	L.Push(lua.LNumber(ct.alignOf()))
	return 1
}

func (s *ffiState) ffiOffsetof(L *lua.LState) int {
	ct := s.checkCtype(L, false)
	name := checkString(L, 2)
	r := ct.deref().raw()
	if r.kind == kStruct && r.size >= 0 {
		if fr, ok := r.lookupField(name); ok && fr.f.constVal == nil {
			L.Push(lua.LNumber(fr.off))
			return 1
		}
	}
	return 0
}

func (s *ffiState) ffiIstype(L *lua.LState) int {
	ct := s.checkCtype(L, false)
	if L.GetTop() < 2 {
		argError(L, 2, "value expected")
	}
	b := false
	if cd, ok := toCData(L.Get(2)); ok {
		t2 := cd.ct
		if cd.isCtype() {
			t2 = cd.typ
		}
		c1, c2 := ct.deref().raw(), t2.deref().raw()
		switch {
		case c1 == c2:
			b = true
		case ctClass(c1) == ctClass(c2) && c1.size == c2.size:
			switch {
			case c1.kind == kPtr || c1.kind == kArray:
				b = compatPtr(c1, c2, ccIgnQual)
			case c1.isNum() || c1.kind == kVoid:
				b = c1.kind == c2.kind && c1.unsigned == c2.unsigned && c1.align == c2.align
			}
		case c1.kind == kStruct && c2.kind == kPtr && c2.elem.raw() == c1:
			b = true
		}
	}
	L.Push(lua.LBool(b))
	return 1
}

func (s *ffiState) ffiMetatype(L *lua.LState) int {
	ct := s.checkCtype(L, false)
	if ct.kind != kStruct {
		argError(L, 1, "invalid C type")
	}
	mt, ok := L.Get(2).(*lua.LTable)
	if !ok {
		typeError(L, 2, "table")
	}
	if s.metatypes[ct] != nil {
		raiseMsg(L, "cannot change a protected metatable")
	}
	s.metatypes[ct] = mt
	L.Push(s.box(L, s.newCtype(ct)))
	return 1
}

func (s *ffiState) ffiGC(L *lua.LState) int {
	ud, ok := L.Get(1).(*lua.LUserData)
	var cd *cdata
	if ok {
		cd, ok = ud.Value.(*cdata)
	}
	if !ok {
		typeError(L, 1, "cdata")
	}
	if L.GetTop() < 2 {
		argError(L, 2, "value expected")
	}
	if cd.isCtype() {
		argError(L, 1, "invalid C type")
	}
	switch cd.ct.raw().kind {
	case kPtr, kStruct, kArray:
	default:
		argError(L, 1, "invalid C type")
	}
	s.setFinalizer(ud, cd, L.Get(2))
	L.SetTop(1)
	return 1
}

func (s *ffiState) ffiErrno(L *lua.LState) int {
	old := s.errno
	if L.GetTop() >= 1 {
		s.errno = int(s.checkInt(L, 1))
	}
	L.Push(lua.LNumber(old))
	return 1
}

func (s *ffiState) ffiAbi(L *lua.LState) int {
	switch checkString(L, 1) {
	case "64bit", "le", "fpu", "hardfp", "gc64":
		L.Push(lua.LTrue)
	default:
		L.Push(lua.LFalse)
	}
	return 1
}

// ffiTypeinfo is LuaJIT's internal ffi.typeinfo. gresty's type numbers
// are not LuaJIT's, so it reports nothing.
func (s *ffiState) ffiTypeinfo(L *lua.LState) int {
	s.checkInt(L, 1)
	return 0
}
