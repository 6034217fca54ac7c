package ffi

import (
	"math"

	lua "github.com/yuin/gopher-lua"
)

// Indexing cdata (lj_cdata_index and the __index/__newindex metamethods of
// lib_ffi.c): p[i] on pointers and arrays, s.field on structs, unions and
// pointers to them (an implicit ->), metatype __index/__newindex when the
// lookup fails, and LuaJIT's errors otherwise.

// ixResult is where cdata[key] leads.
type ixResult struct {
	t    *ctype // element or member type
	loc  pointer
	qual qual       // qualifiers collected from the containers
	cval *enumConst // the key names a constant
	fail *ctype     // lookup failed; the resolved type (for metatypes and errors)
}

// indexKey converts a numeric key (a number or an integer cdata).
func (s *ffiState) indexKey(key lua.LValue) (int64, bool) {
	switch k := key.(type) {
	case lua.LNumber:
		return numToInt64(float64(k)), true
	case *lua.LUserData:
		cd, ok := k.Value.(*cdata)
		if !ok || cd.isCtype() {
			return 0, false
		}
		r := cd.ct.numType()
		if r.kind == kInt {
			return int64(cd.num), true
		}
	}
	return 0, false
}

// resolveIndex finds the member or element cdata[key] designates.
func (s *ffiState) resolveIndex(cd *cdata, key lua.LValue) (ixResult, error) {
	var t *ctype
	var p pointer
	var q qual
	if cd.isCtype() {
		// A ctype (a struct constructor) gives its static constants.
		st := cd.typ.raw()
		if st.kind == kPtr {
			st = st.elem.raw()
		}
		if name, ok := key.(lua.LString); ok && st.kind == kStruct {
			if fr, ok := st.lookupField(string(name)); ok && fr.f.constVal != nil {
				return ixResult{cval: fr.f.constVal}, nil
			}
		}
		return ixResult{fail: st}, nil
	}
	t, p = cd.ct, cd.p
	if t.kind == kRef {
		t = t.elem
	}
	for {
		q |= t.qual
		if idx, ok := s.indexKey(key); ok {
			if t.kind == kPtr || t.kind == kArray {
				es := t.elem.sizeOf()
				if es < 0 {
					return ixResult{}, errf("size of C type is unknown or too large")
				}
				return ixResult{t: t.elem, loc: p.add(idx * es), qual: q}, nil
			}
		} else if name, ok := key.(lua.LString); ok && t.raw().kind == kStruct {
			if fr, ok := t.lookupField(string(name)); ok {
				if fr.f.constVal != nil {
					return ixResult{cval: fr.f.constVal}, nil
				}
				return ixResult{t: fr.f.typ, loc: p.add(fr.off), qual: q | fr.qual}, nil
			}
		}
		if t.kind == kPtr && t.elem.raw().kind == kStruct {
			// Implicit ->.
			t = t.elem
			continue
		}
		return ixResult{fail: t.raw(), qual: q}, nil
	}
}

// indexErr is LuaJIT's error for a failed lookup.
func indexErr(t *ctype, key lua.LValue) error {
	tn := typeName(t)
	if k, ok := key.(lua.LString); ok {
		return errf("'" + tn + "' has no member named '" + string(k) + "'")
	}
	kn := typeNameOf(key)
	if cd, ok := toCData(key); ok {
		kn = cdataTypeName(cd)
	}
	return errf("'" + tn + "' cannot be indexed with '" + kn + "'")
}

// cdataTypeName is the printed type of a cdata object.
func cdataTypeName(cd *cdata) string {
	if cd.isCtype() {
		return "ctype"
	}
	return typeName(cd.ct)
}

// metatypeOf returns the metatype table of a struct type, if any.
func (s *ffiState) metatypeOf(t *ctype) *lua.LTable {
	if t == nil {
		return nil
	}
	r := t.raw()
	if r.kind == kPtr {
		r = r.elem.raw()
	}
	return s.metatypes[r]
}

// metamethod returns the metatype's metamethod name for type t.
func (s *ffiState) metamethod(t *ctype, name string) lua.LValue {
	if mt := s.metatypeOf(t); mt != nil {
		return mt.RawGetString(name)
	}
	return lua.LNil
}

func (s *ffiState) metaIndex(L *lua.LState) int {
	cd, ok := toCData(L.Get(1))
	if !ok || L.GetTop() < 2 {
		typeError(L, 1, "cdata")
	}
	key := L.Get(2)
	r, err := s.resolveIndex(cd, key)
	if err != nil {
		raise(L, err)
	}
	switch {
	case r.cval != nil:
		L.Push(constNumber(r.cval))
		return 1
	case r.fail != nil:
		mm := s.metamethod(r.fail, "__index")
		switch m := mm.(type) {
		case *lua.LFunction:
			L.SetTop(2)
			L.Insert(m, 1)
			L.Call(2, lua.MultRet)
			return L.GetTop()
		case *lua.LNilType:
			raise(L, indexErr(r.fail, key))
		default:
			v := L.GetTable(mm, key)
			if v == lua.LNil {
				raise(L, indexErr(r.fail, key))
			}
			L.Push(v)
			return 1
		}
	}
	v, err := s.toLua(L, r.t, r.loc)
	if err != nil {
		raise(L, err)
	}
	L.Push(v)
	return 1
}

func (s *ffiState) metaNewindex(L *lua.LState) int {
	cd, ok := toCData(L.Get(1))
	if !ok || L.GetTop() < 3 {
		typeError(L, 1, "cdata")
	}
	key, val := L.Get(2), L.Get(3)
	r, err := s.resolveIndex(cd, key)
	if err != nil {
		raise(L, err)
	}
	switch {
	case r.cval != nil:
		raise(L, errWriteConst)
	case r.fail != nil:
		if r.qual&qConst != 0 {
			raise(L, errWriteConst)
		}
		mm := s.metamethod(r.fail, "__newindex")
		switch m := mm.(type) {
		case *lua.LFunction:
			L.SetTop(3)
			L.Insert(m, 1)
			L.Call(3, 0)
			return 0
		case *lua.LNilType:
			raise(L, indexErr(r.fail, key))
		default:
			L.SetTable(mm, key, val)
			return 0
		}
	}
	d := r.t
	if (r.qual|d.qual)&qConst != 0 || d.raw().kind == kStruct && d.raw().constInside {
		raise(L, errWriteConst)
	}
	if err := s.assign(d, r.loc, val, 0); err != nil {
		raise(L, err)
	}
	return 0
}

// constNumber is the Lua value of a declared constant.
func constNumber(c *enumConst) lua.LValue {
	if c.typ.unsigned {
		return lua.LNumber(float64(uint32(c.val)))
	}
	return lua.LNumber(float64(int32(c.val)))
}

// fmtPtr prints an address as LuaJIT's %p does: NULL, or 0x and at least
// eight hex digits, more for addresses above 4 GB.
func fmtPtr(x uint64) string {
	if x == 0 {
		return "NULL"
	}
	n := 8
	if hi := uint32(x >> 32); hi != 0 {
		n = 10 + 2*int(fls(hi)>>3)
	}
	buf := make([]byte, 2+n)
	buf[0], buf[1] = '0', 'x'
	for i := 2 + n - 1; i >= 2; i-- {
		buf[i] = "0123456789abcdef"[x&15]
		x >>= 4
	}
	return string(buf)
}

func (s *ffiState) metaTostring(L *lua.LState) int {
	cd, ok := toCData(L.Get(1))
	if !ok {
		typeError(L, 1, "cdata")
	}
	if cd.isCtype() {
		L.Push(lua.LString("ctype<" + typeName(cd.typ) + ">"))
		return 1
	}
	t := cd.ct
	inner := t
	if t.kind == kRef {
		inner = t.elem
	}
	r := inner.raw()
	switch {
	case cd.ct.kind != kRef && r.kind == kInt && r.size == 8:
		L.Push(lua.LString(formatInt64(cd.num, r.unsigned)))
		return 1
	case r.kind == kEnum && cd.ct.kind != kRef:
		L.Push(lua.LString("cdata<" + typeName(t) + ">: " + itoa64(int64(int32(cd.num)))))
		return 1
	case r.kind == kPtr && r.elem.raw().kind == kStruct, r.kind == kStruct:
		if mm := s.metamethod(r, "__tostring"); mm != lua.LNil {
			L.SetTop(1)
			L.Insert(mm, 1)
			L.Call(1, lua.MultRet)
			return L.GetTop()
		}
	}
	L.Push(lua.LString("cdata<" + typeName(t) + ">: " + fmtPtr(s.displayAddr(cd))))
	return 1
}

func itoa64(n int64) string {
	if n == math.MinInt64 {
		return "-9223372036854775808"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var buf [20]byte
	i := len(buf)
	for {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	if neg {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}
