package ffi

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// The functions of the ffi module (lib_ffi.c).

// maxTypeCache bounds the cache of parsed type strings.
const maxTypeCache = 4096

// parseType parses an abstract type name, caching results: the type
// table only grows, so a name that parsed once always means the same type.
func (s *ffiState) parseType(L *lua.LState, src string, params []lua.LValue) (*ctype, error) {
	cacheable := params == nil && !strings.ContainsRune(src, '$')
	if cacheable {
		if t, ok := s.typeCache[src]; ok {
			return t, nil
		}
	}
	p := &cparser{tt: s.tt, mode: modeAbstract | modeNoImplicit, params: params, argBase: 2}
	p.argErr = func(n int, got string) { argError(L, n, "type parameter expected, got "+got) }
	var t *ctype
	err := p.run(src, func() { t = p.parseAbstract() })
	if err != nil {
		return nil, err
	}
	if cacheable {
		if len(s.typeCache) >= maxTypeCache {
			clear(s.typeCache)
		}
		s.typeCache[src] = t
	}
	return t, nil
}

// checkCtype returns the C type given as argument 1: a type string, a
// ctype or the type of a cdata. typeof passes the rest as '$' parameters.
func (s *ffiState) checkCtype(L *lua.LState, withParams bool) *ctype {
	if L.GetTop() < 1 {
		typeError(L, 1, "C type")
	}
	switch v := L.Get(1).(type) {
	case lua.LString:
		var params []lua.LValue
		if withParams {
			params = make([]lua.LValue, 0, L.GetTop()-1)
			for i := 2; i <= L.GetTop(); i++ {
				params = append(params, L.Get(i))
			}
		}
		t, err := s.parseType(L, string(v), params)
		if err != nil {
			raise(L, err)
		}
		return t
	case *lua.LUserData:
		if cd, ok := v.Value.(*cdata); ok {
			if withParams && L.GetTop() > 1 {
				argError(L, 1, "wrong number of type parameters")
			}
			if cd.isCtype() {
				return cd.typ
			}
			return cd.ct
		}
	}
	typeError(L, 1, "C type")
	return nil
}

// checkInt converts argument n to int32_t as LuaJIT's ffi_checkint does.
func (s *ffiState) checkInt(L *lua.LState, n int) int32 {
	if n > L.GetTop() {
		argError(L, n, "value expected")
	}
	cv, err := s.toC(s.tt.tInt32, L.Get(n), 0)
	if err != nil {
		raise(L, withArg(err, n))
	}
	return int32(cv.num)
}

// checkPtr converts argument n to a pointer of type t.
func (s *ffiState) checkPtr(L *lua.LState, n int, t *ctype) pointer {
	if n > L.GetTop() {
		argError(L, n, "value expected")
	}
	cv, err := s.toC(t, L.Get(n), 0)
	if err != nil {
		raise(L, withArg(err, n))
	}
	return cv.p
}

func (s *ffiState) ffiCdef(L *lua.LState) int {
	src, ok := L.Get(1).(lua.LString)
	if !ok {
		if n, isNum := L.Get(1).(lua.LNumber); isNum {
			src = lua.LString(lua.LVAsString(n))
		} else {
			typeError(L, 1, "string")
		}
	}
	var params []lua.LValue
	for i := 2; i <= L.GetTop(); i++ {
		params = append(params, L.Get(i))
	}
	p := &cparser{tt: s.tt, mode: modeMulti | modeDirect, params: params, argBase: 2}
	p.argErr = func(n int, got string) { argError(L, n, "type parameter expected, got "+got) }
	if err := p.run(string(src), p.declMulti); err != nil {
		raise(L, err)
	}
	return 0
}

// newCdata allocates a zeroed cdata of type ct and size sz.
func (s *ffiState) newCdata(ct *ctype, sz int64) *cdata {
	switch ct.raw().kind {
	case kStruct, kArray:
		return s.newAggregate(ct, sz)
	case kPtr:
		return s.newPointer(ct, pointer{})
	}
	return s.newScalar(ct, 0)
}

func (s *ffiState) ffiNew(L *lua.LState) int {
	ct := s.checkCtype(L, false)
	r := ct.raw()
	sz := r.size
	first := 2
	if r.vla {
		n := s.checkInt(L, 2)
		sz = ct.vlSize(int64(n))
		first = 3
	}
	if sz < 0 || r.kind == kFunc || r.kind == kVoid {
		argError(L, 1, "size of C type is unknown or too large")
	}
	cd := s.newCdata(ct, sz)
	var args []lua.LValue
	for i := first; i <= L.GetTop(); i++ {
		args = append(args, L.Get(i))
	}
	if err := s.initCdata(cd, ct, sz, args); err != nil {
		raise(L, err)
	}
	ud := s.box(L, cd)
	if r.kind == kStruct {
		if gc := s.metamethod(r, "__gc"); gc != lua.LNil {
			s.setFinalizer(ud, cd, gc)
		}
	}
	L.Push(ud)
	return 1
}

// multiInit reports whether an aggregate is initialized from several
// values rather than converted from one (lj_cconv_multi_init): only tables,
// strings for arrays and cdata of the very same type are single values.
func multiInit(d *ctype, v lua.LValue) bool {
	r := d.raw()
	if r.kind != kStruct && r.kind != kArray {
		return false
	}
	switch x := v.(type) {
	case *lua.LTable:
		return false
	case lua.LString:
		return r.kind == kStruct
	case *lua.LUserData:
		if cd, ok := x.Value.(*cdata); ok && !cd.isCtype() && cd.ct.deref().raw() == r {
			return false
		}
	}
	return true
}

// initCdata initializes a new cdata from ffi.new's initializers
// (lj_cconv_ct_init).
func (s *ffiState) initCdata(cd *cdata, ct *ctype, sz int64, args []lua.LValue) error {
	r := ct.raw()
	if len(args) == 0 {
		return nil
	}
	if r.kind != kStruct && r.kind != kArray {
		if len(args) > 1 {
			return errf("too many initializers for '" + typeName(ct) + "'")
		}
		cv, err := s.toC(ct, args[0], 0)
		if err != nil {
			return err
		}
		cd.num, cd.p = cv.num, cv.p
		return nil
	}
	if len(args) == 1 && !multiInit(ct, args[0]) {
		if r.vla && r.kind == kArray {
			switch v := args[0].(type) {
			case *lua.LTable:
				return s.arrayFromTable(ct, cd.p, v, -1)
			case lua.LString:
				return s.arrayFromString(ct, cd.p, string(v), -1)
			}
		}
		return s.assign(ct, cd.p, args[0], 0)
	}
	if r.kind == kArray {
		es := r.elem.sizeOf()
		if int64(len(args))*es > sz {
			return errf("too many initializers for '" + typeName(ct) + "'")
		}
		var ofs int64
		for _, v := range args {
			if err := s.assign(r.elem, cd.p.add(ofs), v, 0); err != nil {
				return err
			}
			ofs += es
		}
		return s.fillRest(cd.p, ofs, es, sz)
	}
	i := 0
	if err := s.structInit(r, cd.p, args, &i); err != nil {
		return err
	}
	if i < len(args) {
		return errf("too many initializers for '" + typeName(ct) + "'")
	}
	return nil
}

// structInit assigns values to the named members in declaration order
// (only the first member of a union).
func (s *ffiState) structInit(d *ctype, loc pointer, args []lua.LValue, ip *int) error {
	for _, f := range d.raw().fields {
		if f.constVal != nil {
			continue
		}
		if f.sub {
			if err := s.structInit(f.typ.raw(), loc.add(f.off), args, ip); err != nil {
				return err
			}
			continue
		}
		if f.name == "" {
			continue
		}
		if *ip >= len(args) {
			break
		}
		v := args[*ip]
		*ip++
		if err := s.assign(f.typ, loc.add(f.off), v, 0); err != nil {
			return err
		}
		if d.raw().union {
			break
		}
	}
	return nil
}

func (s *ffiState) ffiCast(L *lua.LState) int {
	ct := s.checkCtype(L, false)
	r := ct.numType()
	if !(r.isNum() || r.kind == kPtr || ct.raw().kind == kEnum) {
		argError(L, 1, "invalid C type")
	}
	if L.GetTop() < 2 {
		argError(L, 2, "value expected")
	}
	o := L.Get(2)
	if cd, ok := toCData(o); ok && !cd.isCtype() && cd.ct == ct {
		L.Push(o)
		return 1
	}
	cv, err := s.toC(ct, o, ccCast)
	if err != nil {
		raise(L, err)
	}
	if ct.raw().kind == kPtr {
		L.Push(s.box(L, s.newPointer(ct, cv.p)))
	} else {
		L.Push(s.box(L, s.newScalar(ct, cv.num)))
	}
	return 1
}

func (s *ffiState) ffiTypeof(L *lua.LState) int {
	ct := s.checkCtype(L, true)
	L.Push(s.box(L, s.newCtype(ct)))
	return 1
}

// checkString returns argument n as a string, coercing numbers.
func checkString(L *lua.LState, n int) string {
	switch v := L.Get(n).(type) {
	case lua.LString:
		return string(v)
	case lua.LNumber:
		return lua.LVAsString(v)
	}
	typeError(L, n, "string")
	return ""
}
