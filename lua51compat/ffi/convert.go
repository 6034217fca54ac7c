package ffi

import (
	"math"

	lua "github.com/yuin/gopher-lua"
)

// Conversions between C types and between Lua values and C types, with
// LuaJIT's rules (lj_cconv.c): which pairs convert, with what truncation,
// when pointers are compatible, and the "cannot convert 'X' to 'Y'" errors.

// cflags modify a conversion.
type cflags uint8

const (
	ccCast    cflags = 1 << iota // ffi.cast: integers and pointers interconvert
	ccFromLua                    // source is a Lua number, string or nil
	ccSame                       // pointer targets must have equal qualifiers
	ccIgnQual                    // pointer target qualifiers are ignored
)

// cvalue is a C value in transit.
type cvalue struct {
	t       *ctype
	num     uint64  // bool and integers (extended to 64 bits), float64 bits
	p       pointer // pointer value; location of an aggregate
	luaName string  // Lua type name of the source, for ccFromLua errors
}

func (v cvalue) float() float64 { return math.Float64frombits(v.num) }

// srcName names the source of a conversion in errors.
func (v cvalue) srcName(flags cflags) string {
	if flags&ccFromLua != 0 && v.luaName != "" {
		return v.luaName
	}
	return typeName(v.t)
}

// ctClass groups kinds as LuaJIT's CT_* numbers do.
func ctClass(t *ctype) int {
	switch t.kind {
	case kBool, kInt, kFloat:
		return 0
	case kStruct:
		return 1
	case kPtr, kRef:
		return 2
	case kArray, kComplex:
		return 3
	case kVoid:
		return 4
	case kEnum:
		return 5
	}
	return 6
}

// childQual returns the target of a pointer or array with enums resolved
// to their integer type, and the qualifiers collected on the way.
func childQual(t *ctype) (qual, *ctype) {
	c := t.elem
	q := c.qual
	if c.raw().kind == kEnum && c.raw().elem != nil {
		c = c.raw().elem
		q |= c.qual
	}
	return q, c
}

// compatPtr reports whether a pointer/array of type s converts implicitly
// to the pointer d (lj_cconv_compatptr; more relaxed than C99).
func compatPtr(d, s *ctype, flags cflags) bool {
	if flags&ccCast != 0 || d == s {
		return true
	}
	dq, dc := childQual(d)
	var sq qual
	sc := s
	if s.raw().kind != kStruct {
		sq, sc = childQual(s)
	}
	if flags&ccSame != 0 {
		if dq != sq {
			return false
		}
	} else if flags&ccIgnQual == 0 {
		if dq&sq != sq {
			return false
		}
		if dc.kind == kVoid || sc.kind == kVoid {
			return true
		}
	}
	dr, sr := dc.raw(), sc.raw()
	if ctClass(dr) != ctClass(sr) || dr.size != sr.size {
		return false
	}
	switch {
	case dr.isNum():
		return dr.kind == sr.kind
	case dr.kind == kPtr || dr.kind == kArray || dr.kind == kRef:
		return compatPtr(dr, sr, flags|ccSame)
	case dr.kind == kStruct:
		return dr == sr
	}
	return true
}

// conv converts a scalar or pointer value to the scalar, enum or pointer
// type d (lj_cconv_ct_ct for those destinations).
func (s *ffiState) conv(d *ctype, v cvalue, flags cflags) (cvalue, error) {
	dr := d.numType()
	sr := v.t.numType()
	out := cvalue{t: d}
	bad := func() (cvalue, error) { return cvalue{}, convErr(v.srcName(flags), typeName(d)) }
	switch dr.kind {
	case kBool:
		switch sr.kind {
		case kBool, kInt:
			out.num = b2u(v.num != 0)
		case kFloat:
			if sr.size > 8 {
				return bad()
			}
			out.num = b2u(v.float() != 0)
		default:
			return bad()
		}
	case kInt:
		switch sr.kind {
		case kBool, kInt:
			out.num = extend(v.num, dr.size, dr.unsigned)
		case kFloat:
			if sr.size > 8 {
				return bad()
			}
			out.num = numToInt(v.float(), dr.size, dr.unsigned)
		case kPtr, kArray:
			if flags&ccCast == 0 {
				return bad()
			}
			out.num = extend(s.as.address(v.p), dr.size, dr.unsigned)
		default:
			return bad()
		}
	case kFloat:
		if dr.size > 8 {
			return bad()
		}
		var f float64
		switch sr.kind {
		case kBool, kInt:
			f = intToNum(v.num, sr.unsigned || sr.kind == kBool)
		case kFloat:
			if sr.size > 8 {
				return bad()
			}
			f = v.float()
		default:
			return bad()
		}
		if dr.size == 4 {
			f = float64(float32(f))
		}
		out.num = math.Float64bits(f)
	case kPtr:
		switch sr.kind {
		case kInt:
			if flags&ccCast == 0 {
				return bad()
			}
			out.p = pointer{off: int64(v.num)}
		case kFloat:
			if flags&ccCast == 0 || flags&ccFromLua == 0 {
				return bad()
			}
			out.p = pointer{off: numToInt64(v.float())}
		case kPtr, kArray, kStruct:
			if !compatPtr(dr, v.t.raw(), flags) {
				return bad()
			}
			out.p = v.p
		default:
			return bad()
		}
	default:
		return bad()
	}
	return out, nil
}

func b2u(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// cdataValue returns the C value of a cdata object.
func (s *ffiState) cdataValue(cd *cdata) cvalue {
	if cd.isCtype() {
		return cvalue{t: s.tt.tCtype, num: uint64(cd.typ.id)}
	}
	switch cd.ct.kind {
	case kRef:
		return cvalue{t: cd.ct.elem, p: cd.p}
	case kPtr, kStruct, kArray:
		return cvalue{t: cd.ct, p: cd.p}
	case kFunc:
		return cvalue{t: s.tt.ptrTo(cd.ct, 0), p: pointer{a: cd.fn.mem}}
	}
	return cvalue{t: cd.ct, num: cd.num}
}

// luaToC converts a Lua value to a C value on its way to type d: numbers
// become doubles, strings const char arrays (or the constant they name,
// for an enum), nil the NULL pointer, booleans bool.
func (s *ffiState) luaToC(d *ctype, v lua.LValue) (cvalue, cflags, error) {
	switch x := v.(type) {
	case lua.LNumber:
		return cvalue{t: s.tt.tDouble, num: math.Float64bits(float64(x)), luaName: "number"}, ccFromLua, nil
	case lua.LBool:
		return cvalue{t: s.tt.tBool, num: b2u(bool(x))}, 0, nil
	case lua.LString:
		if d.raw().kind == kEnum {
			if c := d.enumConstant(string(x)); c != nil {
				return cvalue{t: c.typ, num: uint64(c.val)}, 0, nil
			}
			return cvalue{}, 0, convErr("string", typeName(d))
		}
		return cvalue{t: s.tt.tACChar, p: pointer{a: s.stringMem(string(x))}, luaName: "string"}, ccFromLua, nil
	case *lua.LUserData:
		if cd, ok := x.Value.(*cdata); ok {
			return s.cdataValue(cd), 0, nil
		}
		if d.raw().kind == kPtr {
			// LuaJIT passes a userdata's payload address; a Go function
			// receiving it finds the userdata's value attached there
			a := newAllocation(1)
			a.obj0 = x.Value
			return cvalue{t: s.tt.tPVoid, p: pointer{a: a}, luaName: "userdata"}, ccFromLua, nil
		}
	}
	if v == lua.LNil {
		return cvalue{t: s.tt.tPVoid, luaName: "nil"}, ccFromLua, nil
	}
	return cvalue{}, 0, convErr(typeNameOf(v), typeName(d))
}

// maxStringCache bounds the cache of recently converted strings.
const maxStringCache = 1024

// stringMem returns the C view of a Lua string, reusing the view of a
// recently converted equal string: code that casts the same key again and
// again (lua-resty-lrucache's pureffi hashes strings by their address)
// then finds its address already assigned.
func (s *ffiState) stringMem(str string) *allocation {
	if a, ok := s.strCache[str]; ok {
		return a
	}
	a := stringAllocation(str)
	if len(s.strCache) >= maxStringCache {
		clear(s.strCache)
	}
	s.strCache[str] = a
	return a
}

// toC converts a Lua value to the scalar, enum or pointer type d.
func (s *ffiState) toC(d *ctype, v lua.LValue, flags cflags) (cvalue, error) {
	cv, f, err := s.luaToC(d, v)
	if err != nil {
		return cvalue{}, err
	}
	return s.conv(d, cv, flags|f)
}

// store writes a converted scalar or pointer value of type d to memory.
func (s *ffiState) store(d *ctype, loc pointer, v cvalue) error {
	r := d.numType()
	b, err := s.as.bytes(&loc, r.size, true)
	if err != nil {
		return err
	}
	switch r.kind {
	case kBool:
		b[0] = byte(v.num)
	case kInt:
		storeUint(b, v.num)
	case kFloat:
		if r.size == 4 {
			storeUint(b, float32bits(v.float()))
		} else {
			storeUint(b, v.num)
		}
	case kPtr:
		storeUint(b, s.as.address(v.p))
		// Only Lua strings need anchoring (see allocation.refs); other
		// pointers are found again through the address space.
		if t := v.p.a; t != nil && t.isString {
			loc.a.setRef(loc.off, t)
		} else if loc.a.refs != nil {
			loc.a.setRef(loc.off, nil)
		}
	}
	return nil
}

// load reads a scalar or pointer of type t from memory.
func (s *ffiState) load(t *ctype, loc pointer) (cvalue, error) {
	r := t.numType()
	b, err := s.as.bytes(&loc, r.size, false)
	if err != nil {
		return cvalue{}, err
	}
	v := cvalue{t: t}
	switch r.kind {
	case kBool:
		v.num = b2u(b[0] != 0)
	case kInt:
		v.num = extend(loadUint(b), r.size, r.unsigned)
	case kFloat:
		switch r.size {
		case 4:
			v.num = math.Float64bits(float64(math.Float32frombits(uint32(loadUint(b)))))
		case 8:
			v.num = loadUint(b)
		default:
			return cvalue{}, convErr(typeName(t), "double")
		}
	case kPtr:
		v.p = loc.a.pointerAt(loc.off, loadUint(b))
	}
	return v, nil
}

// assign writes a Lua value to memory of type d (lj_cconv_ct_tv): tables
// initialize structs and arrays, strings fill char arrays, cdata structs
// and arrays of the same type are copied, the rest is converted.
func (s *ffiState) assign(d *ctype, loc pointer, v lua.LValue, flags cflags) error {
	dr := d.raw()
	switch dr.kind {
	case kStruct, kArray:
		if t, ok := v.(*lua.LTable); ok {
			if dr.kind == kStruct {
				return s.structFromTable(dr, loc, t)
			}
			return s.arrayFromTable(d, loc, t, dr.size)
		}
		if str, ok := v.(lua.LString); ok && dr.kind == kArray {
			return s.arrayFromString(d, loc, string(str), dr.size)
		}
		src, f, err := s.luaToC(d, v)
		if err != nil {
			return err
		}
		sr := src.t.raw()
		if f&ccFromLua == 0 && flags&ccCast == 0 && !dr.vla && sr.kind == dr.kind && dr.size >= 0 &&
			(dr.kind == kStruct && sr == dr ||
				dr.kind == kArray && sr.size == dr.size && compatPtr(dr, sr, flags)) {
			return s.copyMem(loc, src.p, dr.size)
		}
		return convErr(src.srcName(flags|f), typeName(d))
	case kVoid, kFunc:
		cv, f, err := s.luaToC(d, v)
		if err != nil {
			return err
		}
		return convErr(cv.srcName(flags|f), typeName(d))
	}
	cv, err := s.toC(d, v, flags)
	if err != nil {
		return err
	}
	return s.store(d, loc, cv)
}

// copyMem copies n bytes from src to dst (memmove).
func (s *ffiState) copyMem(dst, src pointer, n int64) error {
	sb, err := s.as.bytes(&src, n, false)
	if err != nil {
		return err
	}
	db, err := s.as.bytes(&dst, n, true)
	if err != nil {
		return err
	}
	copy(db, sb)
	return nil
}

// toLua reads the value of type t at loc as a Lua value (lj_cdata_get):
// numbers up to 32 bits and floating point become Lua numbers, 64-bit
// integers int64_t/uint64_t cdata, bool a boolean, pointers pointer cdata,
// and structs, unions and arrays references to the memory.
func (s *ffiState) toLua(L *lua.LState, t *ctype, loc pointer) (lua.LValue, error) {
	r := t.raw()
	switch r.kind {
	case kStruct, kArray:
		if loc.a == nil {
			if _, err := s.as.bytes(&loc, 0, false); err != nil {
				return nil, err
			}
		}
		return s.box(L, s.newRef(t, loc)), nil
	case kPtr:
		v, err := s.load(t, loc)
		if err != nil {
			return nil, err
		}
		return s.pointerToLua(L, t, v.p), nil
	case kFunc, kVoid:
		return nil, errf("size of C type is unknown or too large")
	case kComplex:
		return nil, errf("NYI: complex numbers in gresty")
	}
	v, err := s.load(t, loc)
	if err != nil {
		return nil, err
	}
	return s.scalarToLua(L, t, v.num), nil
}

// pointerToLua makes a pointer read from C data or returned by a C
// function a Lua value. LuaJIT's NULL cdata compares equal to nil, which
// gopher-lua cannot express (== never calls a metamethod between a
// userdata and nil), so NULL becomes nil itself: "p == nil" tests keep
// working, and nil converts back to NULL wherever a pointer is expected.
func (s *ffiState) pointerToLua(L *lua.LState, t *ctype, p pointer) lua.LValue {
	if p.isNull() {
		return lua.LNil
	}
	return s.box(L, s.newPointer(t, p))
}

// scalarToLua converts a number, bool or enum value to a Lua value.
func (s *ffiState) scalarToLua(L *lua.LState, t *ctype, bits uint64) lua.LValue {
	if t.raw().kind == kEnum {
		return s.box(L, s.newScalar(t, bits))
	}
	r := t.numType()
	switch r.kind {
	case kBool:
		return lua.LBool(bits != 0)
	case kFloat:
		return lua.LNumber(math.Float64frombits(bits))
	}
	if r.size == 8 {
		return s.box(L, s.newScalar(t, bits))
	}
	return lua.LNumber(intToNum(bits, r.unsigned))
}
