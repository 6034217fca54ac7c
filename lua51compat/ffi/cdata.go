package ffi

import (
	"math"

	lua "github.com/yuin/gopher-lua"
)

// cdata is a C data object as Lua sees it (a userdata whose Value is the
// *cdata and whose metatable is the VM's cdata metatable).
//
//   - scalars (numbers, bool, enum): num holds the value, sign- or
//     zero-extended integers, or the float64 bits of float and double;
//   - pointers: p is the pointer value;
//   - structs, unions and arrays: p is where the data is;
//   - references (struct fields and array elements that are aggregates):
//     ct is a reference type and p the referenced location;
//   - ctype objects (ffi.typeof): ct is nil and typ the described type;
//   - functions (ffi.C.name): ct is the function type and fn the symbol.
type cdata struct {
	ct   *ctype
	typ  *ctype
	p    pointer
	num  uint64
	fn   *symbol
	addr uint64     // address printed for a scalar's own storage
	fin  lua.LValue // finalizer set by ffi.gc or the metatype's __gc
	st   *ffiState
}

// isCtype reports whether cd is a ctype object.
func (cd *cdata) isCtype() bool { return cd.ct == nil }

// toCData returns the cdata inside v, if v is one.
func toCData(v lua.LValue) (*cdata, bool) {
	if ud, ok := v.(*lua.LUserData); ok {
		cd, ok := ud.Value.(*cdata)
		return cd, ok
	}
	return nil, false
}

// box wraps cd in a userdata with the cdata metatable.
func (s *ffiState) box(L *lua.LState, cd *cdata) *lua.LUserData {
	ud := L.NewUserData()
	ud.Value = cd
	ud.Metatable = s.mt
	return ud
}

// newScalar makes a number, bool or enum cdata.
func (s *ffiState) newScalar(t *ctype, bits uint64) *cdata {
	return &cdata{ct: t, num: bits, st: s}
}

// newPointer makes a pointer cdata.
func (s *ffiState) newPointer(t *ctype, p pointer) *cdata {
	return &cdata{ct: t, p: p, st: s}
}

// newAggregate allocates a struct, union or array of size bytes.
func (s *ffiState) newAggregate(t *ctype, size int64) *cdata {
	return &cdata{ct: t, p: pointer{a: newAllocation(size)}, st: s}
}

// newRef makes a reference to the aggregate of type t at p.
func (s *ffiState) newRef(t *ctype, p pointer) *cdata {
	return &cdata{ct: s.tt.refTo(t), p: p, st: s}
}

// newCtype makes a ctype object.
func (s *ffiState) newCtype(t *ctype) *cdata {
	return &cdata{typ: t, st: s}
}

// pushInt64 pushes a 64-bit integer cdata of type t.
func (s *ffiState) int64Value(L *lua.LState, t *ctype, v uint64) lua.LValue {
	return s.box(L, s.newScalar(t, v))
}

// scalarValue returns the value of a scalar cdata of raw numeric type t
// as a float64 (tonumber).
func scalarNumber(t *ctype, bits uint64) float64 {
	switch t.kind {
	case kFloat:
		return math.Float64frombits(bits)
	case kBool:
		if bits != 0 {
			return 1
		}
		return 0
	}
	return intToNum(bits, t.unsigned)
}

// displayAddr is the address tostring prints for cd: where the data is
// for aggregates and references, the value for pointers and functions, the
// (lazily numbered) storage of the cdata itself for scalars.
func (s *ffiState) displayAddr(cd *cdata) uint64 {
	switch cd.ct.kind {
	case kPtr, kRef, kStruct, kArray:
		return s.as.address(cd.p)
	case kFunc:
		return s.as.address(pointer{a: cd.fn.mem})
	}
	if cd.addr == 0 {
		cd.addr = reserve(8)
	}
	return cd.addr
}
