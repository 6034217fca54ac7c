package ffi

import (
	lua "github.com/yuin/gopher-lua"
)

// The metatable shared by all cdata of a VM. gopher-lua calls __eq, __lt
// and __le only when both operands carry the same metamethod, so a single
// table (with per-type metatypes looked up inside) is what makes
// comparisons between cdata of different types work.

func (s *ffiState) newCdataMeta(L *lua.LState) *lua.LTable {
	mt := L.NewTable()
	set := func(name string, fn lua.LGFunction) { mt.RawSetString(name, L.NewFunction(fn)) }
	set("__index", s.metaIndex)
	set("__newindex", s.metaNewindex)
	set("__tostring", s.metaTostring)
	set("__call", s.metaCall)
	for op, ev := range arithEvents {
		set(ev, s.arithMeta(arithOp(op)))
	}
	mt.RawSetString("__metatable", lua.LString("ffi"))
	return mt
}

// metaCall calls a C function, constructs from a ctype, or runs the
// metatype's __call.
func (s *ffiState) metaCall(L *lua.LState) int {
	cd, ok := toCData(L.Get(1))
	if !ok {
		typeError(L, 1, "cdata")
	}
	if cd.isCtype() {
		if mm := s.metamethod(cd.typ, "__new"); mm != lua.LNil {
			L.Insert(mm, 1)
			L.Call(L.GetTop()-1, lua.MultRet)
			return L.GetTop()
		}
		return s.ffiNew(L)
	}
	ct := cd.ct
	if ct.kind == kFunc {
		return s.callC(L, cd.fn, ct, cd.fn.name)
	}
	if ct.kind == kPtr && ct.elem.raw().kind == kFunc {
		sym, err := s.symbolAt(cd.p)
		if err != nil {
			raise(L, err)
		}
		return s.callC(L, sym, ct.elem.raw(), sym.name)
	}
	t := ct.deref()
	if t.kind == kPtr {
		t = t.elem
	}
	if mm := s.metamethod(t, "__call"); mm != lua.LNil {
		L.Insert(mm, 1)
		L.Call(L.GetTop()-1, lua.MultRet)
		return L.GetTop()
	}
	raiseMsg(L, "'"+typeName(t)+"' is not callable")
	return 0
}
