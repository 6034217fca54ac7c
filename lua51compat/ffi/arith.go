package ffi

import (
	"math"

	lua "github.com/yuin/gopher-lua"
)

// Arithmetic and comparisons on cdata (lj_carith.c): 64-bit integer
// arithmetic when both operands are numbers (the result is int64_t, or
// uint64_t when either operand is a 64-bit unsigned), pointer arithmetic,
// differences and comparisons, then metatype metamethods, then LuaJIT's
// errors.

// arithOp is a metamethod event.
type arithOp int

const (
	opEq arithOp = iota
	opLen
	opLt
	opLe
	opConcat
	opAdd
	opSub
	opMul
	opDiv
	opMod
	opPow
	opUnm
)

var arithEvents = [...]string{"__eq", "__len", "__lt", "__le", "__concat",
	"__add", "__sub", "__mul", "__div", "__mod", "__pow", "__unm"}

// operand is an operand of a cdata operation.
type operand struct {
	ok   bool
	t    *ctype // resolved type (enums as their integer type)
	show *ctype // type shown in errors
	v    cvalue
	lv   lua.LValue
}

func (s *ffiState) operand(v, other lua.LValue) operand {
	o := operand{lv: v}
	switch x := v.(type) {
	case lua.LNumber:
		o.t = s.tt.tDouble
		o.v = cvalue{t: o.t, num: math.Float64bits(float64(x))}
		o.ok = true
	case lua.LString:
		if cd, ok := toCData(other); ok && !cd.isCtype() {
			if e := cd.ct.deref().raw(); e.kind == kEnum {
				if c := e.enumConstant(string(x)); c != nil {
					o.t = c.typ
					o.v = cvalue{t: c.typ, num: uint64(c.val)}
					o.ok = true
				}
			}
		}
	case *lua.LUserData:
		cd, ok := x.Value.(*cdata)
		if !ok {
			break
		}
		o.ok = true
		if cd.isCtype() {
			o.t = s.tt.tInt32
			o.show = s.tt.tCtype
			o.v = cvalue{t: o.t, num: uint64(cd.typ.id)}
			return o
		}
		ct := cd.ct
		switch ct.kind {
		case kRef:
			o.t = ct.elem.raw()
			o.v = cvalue{t: ct.elem, p: cd.p}
		case kPtr, kStruct, kArray:
			o.t = ct.raw()
			o.v = cvalue{t: ct, p: cd.p}
		case kFunc:
			o.t = s.tt.ptrTo(ct, 0)
			o.v = cvalue{t: o.t, p: pointer{a: cd.fn.mem}}
		default:
			o.t = ct.raw()
			o.v = cvalue{t: ct, num: cd.num}
		}
		o.show = o.t
		if o.t.kind == kEnum {
			o.t = o.t.numType()
		}
	default:
		if v == lua.LNil {
			o.t = s.tt.tPVoid
			o.v = cvalue{t: o.t}
			o.ok = true
		}
	}
	if o.show == nil {
		o.show = o.t
	}
	return o
}

// name is how errors show the operand: its C type for cdata, its Lua
// type otherwise.
func (o operand) name() string {
	if _, ok := toCData(o.lv); ok && o.show != nil {
		return typeName(o.show)
	}
	return typeNameOf(o.lv)
}

// arith runs one operation; the result is pushed by the caller.
func (s *ffiState) arith(L *lua.LState, op arithOp, a, b lua.LValue) lua.LValue {
	oa, ob := s.operand(a, b), s.operand(b, a)
	if oa.ok && ob.ok {
		if r, ok := s.arithInt64(L, op, oa, ob); ok {
			return r
		}
		if r, ok := s.arithPtr(L, op, oa, ob); ok {
			return r
		}
	}
	// Metatype metamethods of either operand.
	var mm lua.LValue = lua.LNil
	for _, v := range []lua.LValue{a, b} {
		if cd, ok := toCData(v); ok && !cd.isCtype() {
			if mm = s.metamethod(cd.ct.deref(), arithEvents[op]); mm != lua.LNil {
				break
			}
		}
	}
	if mm != lua.LNil {
		L.Push(mm)
		L.Push(a)
		L.Push(b)
		L.Call(2, 1)
		r := L.Get(-1)
		L.Pop(1)
		return r
	}
	if op == opEq {
		return lua.LBool(oa.ok && ob.ok && oa.hasLoc() && ob.hasLoc() && s.ptrEqual(oa.v.p, ob.v.p))
	}
	var msg string
	switch {
	case op == opLen:
		msg = "attempt to get length of '" + oa.name() + "'"
	case op == opConcat:
		msg = "attempt to concatenate '" + oa.name() + "' and '" + ob.name() + "'"
	case op < opConcat:
		msg = "attempt to compare '" + oa.name() + "' with '" + ob.name() + "'"
	default:
		msg = "attempt to perform arithmetic on '" + oa.name() + "' and '" + ob.name() + "'"
	}
	raiseMsg(L, msg)
	return nil
}

// hasLoc reports whether the operand is compared by address.
func (o operand) hasLoc() bool {
	switch o.t.kind {
	case kPtr, kStruct, kArray:
		return true
	}
	return false
}

func (s *ffiState) arithInt64(L *lua.LState, op arithOp, a, b operand) (lua.LValue, bool) {
	if !a.t.isNum() || a.t.size > 8 || !b.t.isNum() || b.t.size > 8 {
		return nil, false
	}
	id := s.tt.tInt64
	if a.t.unsigned && a.t.size == 8 && a.t.kind == kInt || b.t.unsigned && b.t.size == 8 && b.t.kind == kInt {
		id = s.tt.tUint64
	}
	signed := id == s.tt.tInt64
	cv0, err := s.conv(id, a.v, 0)
	if err != nil {
		return nil, false
	}
	u0 := cv0.num
	var u1 uint64
	if op != opUnm {
		cv1, err := s.conv(id, b.v, 0)
		if err != nil {
			return nil, false
		}
		u1 = cv1.num
	}
	switch op {
	case opEq:
		return lua.LBool(u0 == u1), true
	case opLt:
		if signed {
			return lua.LBool(int64(u0) < int64(u1)), true
		}
		return lua.LBool(u0 < u1), true
	case opLe:
		if signed {
			return lua.LBool(int64(u0) <= int64(u1)), true
		}
		return lua.LBool(u0 <= u1), true
	case opLen, opConcat:
		return nil, false
	}
	var r uint64
	switch op {
	case opAdd:
		r = u0 + u1
	case opSub:
		r = u0 - u1
	case opMul:
		r = u0 * u1
	case opDiv:
		r = div64(u0, u1, signed)
	case opMod:
		r = mod64(u0, u1, signed)
	case opPow:
		if signed {
			r = uint64(powi64(int64(u0), int64(u1)))
		} else {
			r = powu64(u0, u1)
		}
	case opUnm:
		r = -u0
	}
	return s.int64Value(L, id, r), true
}

// div64 and mod64 divide as LuaJIT's lj_carith_divi64 and friends: by
// zero (and INT64_MIN / -1) the result is 0x8000000000000000.
func div64(a, b uint64, signed bool) uint64 {
	switch {
	case b == 0, signed && a == 1<<63 && int64(b) == -1:
		return 1 << 63
	case signed:
		return uint64(int64(a) / int64(b))
	}
	return a / b
}

func mod64(a, b uint64, signed bool) uint64 {
	switch {
	case b == 0:
		return 1 << 63
	case signed && a == 1<<63 && int64(b) == -1:
		return 0
	case signed:
		return uint64(int64(a) % int64(b))
	}
	return a % b
}

func powu64(x, k uint64) uint64 {
	if k == 0 {
		return 1
	}
	for k&1 == 0 {
		x *= x
		k >>= 1
	}
	y := x
	k >>= 1
	if k != 0 {
		for {
			x *= x
			if k == 1 {
				break
			}
			if k&1 != 0 {
				y *= x
			}
			k >>= 1
		}
		y *= x
	}
	return y
}

func powi64(x, k int64) int64 {
	if k == 0 {
		return 1
	}
	if k < 0 {
		switch x {
		case 0:
			return math.MaxInt64
		case 1:
			return 1
		case -1:
			if k&1 != 0 {
				return -1
			}
			return 1
		}
		return 0
	}
	return int64(powu64(uint64(x), uint64(k)))
}

// isPtrOrArray reports whether t is a pointer or a (reference) array.
func isPtrOrArray(t *ctype) bool { return t.kind == kPtr || t.kind == kArray }

func (s *ffiState) arithPtr(L *lua.LState, op arithOp, a, b operand) (lua.LValue, bool) {
	pt, pv := a.t, a.v.p
	var idx int64
	switch {
	case isPtrOrArray(a.t):
		if (op == opSub || op == opEq || op == opLt || op == opLe) && isPtrOrArray(b.t) {
			if op == opEq {
				return lua.LBool(s.ptrEqual(a.v.p, b.v.p)), true
			}
			if !compatPtr(a.t, b.t, ccIgnQual) {
				return nil, false
			}
			switch op {
			case opSub:
				es := a.t.elem.sizeOf()
				if es <= 0 {
					return nil, false
				}
				return lua.LNumber(float64(s.ptrDiff(a.v.p, b.v.p) / es)), true
			case opLt:
				return lua.LBool(s.ptrCmp(a.v.p, b.v.p) < 0), true
			default:
				return lua.LBool(s.ptrCmp(a.v.p, b.v.p) <= 0), true
			}
		}
		if !((op == opAdd || op == opSub) && b.t.isNum()) {
			return nil, false
		}
		cv, err := s.conv(s.tt.tInt64, b.v, 0)
		if err != nil {
			return nil, false
		}
		idx = int64(cv.num)
		if op == opSub {
			idx = -idx
		}
	case op == opAdd && a.t.isNum() && isPtrOrArray(b.t):
		pt, pv = b.t, b.v.p
		cv, err := s.conv(s.tt.tInt64, a.v, 0)
		if err != nil {
			return nil, false
		}
		idx = int64(cv.num)
	default:
		return nil, false
	}
	es := pt.elem.sizeOf()
	if es < 0 {
		return nil, false
	}
	rt := s.tt.ptrTo(pt.elem, 0)
	return s.box(L, s.newPointer(rt, pv.add(idx*es))), true
}

// ptrEqual compares two pointer values.
func (s *ffiState) ptrEqual(p, q pointer) bool {
	if p.a != nil && p.a == q.a {
		return p.off == q.off
	}
	if p.a == nil && q.a == nil {
		return p.off == q.off
	}
	return s.as.address(p) == s.as.address(q)
}

// ptrDiff is p - q in bytes.
func (s *ffiState) ptrDiff(p, q pointer) int64 {
	if p.a != nil && p.a == q.a {
		return p.off - q.off
	}
	return int64(s.as.address(p) - s.as.address(q))
}

// ptrCmp compares two pointers as unsigned addresses.
func (s *ffiState) ptrCmp(p, q pointer) int {
	if p.a != nil && p.a == q.a {
		switch {
		case p.off < q.off:
			return -1
		case p.off > q.off:
			return 1
		}
		return 0
	}
	x, y := s.as.address(p), s.as.address(q)
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}

// arithMeta makes the metamethod function of one event.
func (s *ffiState) arithMeta(op arithOp) lua.LGFunction {
	return func(L *lua.LState) int {
		a := L.Get(1)
		b := a
		if L.GetTop() >= 2 && op != opUnm && op != opLen {
			b = L.Get(2)
		}
		L.Push(s.arith(L, op, a, b))
		return 1
	}
}
