package ffi

import (
	"math/bits"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// Global functions that LuaJIT's FFI extends: type returns "cdata" for C
// data, tonumber converts number cdata, the bit library computes in 64
// bits when an argument is a cdata (lib_bit.c with FFI), and string.format
// prints 64-bit integer cdata (hooks_format.go).

func (s *ffiState) patchGlobals(L *lua.LState) {
	if orig, ok := L.GetGlobal("type").(*lua.LFunction); ok && orig.IsG {
		L.SetGlobal("type", L.NewFunction(func(L *lua.LState) int {
			if _, ok := toCData(L.Get(1)); ok {
				L.Push(lua.LString("cdata"))
				return 1
			}
			return orig.GFunction(L)
		}))
	}
	if orig, ok := L.GetGlobal("tonumber").(*lua.LFunction); ok && orig.IsG {
		L.SetGlobal("tonumber", L.NewFunction(func(L *lua.LState) int {
			if cd, ok := toCData(L.Get(1)); ok && (L.GetTop() < 2 || L.Get(2) == lua.LNil || L.Get(2) == lua.LNumber(10)) {
				L.Push(s.cdataNumber(cd))
				return 1
			}
			return orig.GFunction(L)
		}))
	}
	s.patchBit(L)
	s.patchFormat(L)
}

// cdataNumber is tonumber of a cdata: the value of numbers, bool and
// enums as a double, nil for anything else.
func (s *ffiState) cdataNumber(cd *cdata) lua.LValue {
	if cd.isCtype() {
		// A ctype is an enum cdata holding the type's number.
		return lua.LNumber(cd.typ.id)
	}
	if cd.ct.kind == kRef {
		return lua.LNil
	}
	r := cd.ct.numType()
	if !r.isNum() || r.size > 8 {
		return lua.LNil
	}
	return lua.LNumber(scalarNumber(r, cd.num))
}

func (s *ffiState) patchBit(L *lua.LState) {
	loaded, _ := L.GetField(L.Get(lua.RegistryIndex), "_LOADED").(*lua.LTable)
	var bit *lua.LTable
	if loaded != nil {
		bit, _ = loaded.RawGetString("bit").(*lua.LTable)
	}
	if bit == nil {
		bit, _ = L.GetGlobal("bit").(*lua.LTable)
	}
	if bit == nil {
		return
	}
	wrap := func(name string, fn func(L *lua.LState, orig lua.LGFunction) int) {
		orig, ok := bit.RawGetString(name).(*lua.LFunction)
		if !ok || !orig.IsG {
			return
		}
		g := orig.GFunction
		bit.RawSetString(name, L.NewFunction(func(L *lua.LState) int { return fn(L, g) }))
	}
	wrap("tobit", func(L *lua.LState, orig lua.LGFunction) int {
		if _, ok := toCData(L.Get(1)); !ok {
			return orig(L)
		}
		var id *ctype
		L.Push(lua.LNumber(int32(s.check64(L, 1, &id))))
		return 1
	})
	for name, op := range map[string]func(uint64) uint64{
		"bnot":  func(x uint64) uint64 { return ^x },
		"bswap": bits.ReverseBytes64,
	} {
		op := op
		wrap(name, func(L *lua.LState, orig lua.LGFunction) int {
			if _, ok := toCData(L.Get(1)); !ok {
				return orig(L)
			}
			var id *ctype
			x := s.check64(L, 1, &id)
			L.Push(s.int64Value(L, id, op(x)))
			return 1
		})
	}
	for name, op := range map[string]func(x uint64, n uint) uint64{
		"lshift":  func(x uint64, n uint) uint64 { return x << n },
		"rshift":  func(x uint64, n uint) uint64 { return x >> n },
		"arshift": func(x uint64, n uint) uint64 { return uint64(int64(x) >> n) },
		"rol":     func(x uint64, n uint) uint64 { return bits.RotateLeft64(x, int(n)) },
		"ror":     func(x uint64, n uint) uint64 { return bits.RotateLeft64(x, -int(n)) },
	} {
		op := op
		wrap(name, func(L *lua.LState, orig lua.LGFunction) int {
			_, c1 := toCData(L.Get(1))
			_, c2 := toCData(L.Get(2))
			if !c1 && !c2 {
				return orig(L)
			}
			var id, id2 *ctype
			x := s.check64(L, 1, &id)
			sh := int32(s.check64(L, 2, &id2))
			if id == nil {
				L.Replace(2, lua.LNumber(sh))
				return orig(L)
			}
			L.Push(s.int64Value(L, id, op(x, uint(sh)&63)))
			return 1
		})
	}
	for name, op := range map[string]func(a, b uint64) uint64{
		"band": func(a, b uint64) uint64 { return a & b },
		"bor":  func(a, b uint64) uint64 { return a | b },
		"bxor": func(a, b uint64) uint64 { return a ^ b },
	} {
		op, isAnd := op, name == "band"
		wrap(name, func(L *lua.LState, orig lua.LGFunction) int {
			any := false
			for i := 1; i <= L.GetTop(); i++ {
				if _, ok := toCData(L.Get(i)); ok {
					any = true
					break
				}
			}
			if !any {
				return orig(L)
			}
			var id *ctype
			for i := 1; i <= L.GetTop(); i++ {
				s.check64(L, i, &id)
			}
			var y uint64
			if isAnd {
				y = ^uint64(0)
			}
			for i := 1; i <= L.GetTop(); i++ {
				cv, err := s.toC(id, L.Get(i), 0)
				if err != nil {
					raise(L, withArg(err, i))
				}
				y = op(y, cv.num)
			}
			L.Push(s.int64Value(L, id, y))
			return 1
		})
	}
	wrap("tohex", func(L *lua.LState, orig lua.LGFunction) int {
		_, c1 := toCData(L.Get(1))
		_, c2 := toCData(L.Get(2))
		if !c1 && !c2 {
			return orig(L)
		}
		var id, id2 *ctype
		b := s.check64(L, 1, &id)
		n := int32(8)
		if id != nil {
			n = 16
		}
		if L.GetTop() >= 2 {
			n = int32(s.check64(L, 2, &id2))
		}
		upper := n < 0
		if upper {
			n = -n
		}
		if n < 16 {
			b &= 1<<(4*uint(n)) - 1
		}
		digits := "0123456789abcdef"
		if upper {
			digits = "0123456789ABCDEF"
		}
		if n > 254 {
			n = 254
		}
		buf := make([]byte, n)
		for i := int(n) - 1; i >= 0; i-- {
			buf[i] = digits[b&15]
			b >>= 4
		}
		L.Push(lua.LString(buf))
		return 1
	})
}

// check64 is LuaJIT's lj_carith_check64: a cdata argument is converted to
// 64 bits and selects int64_t (or uint64_t, which wins) in *id; a number
// is reduced to 32 bits as bit.tobit does, zero-extended.
func (s *ffiState) check64(L *lua.LState, n int, id **ctype) uint64 {
	v := L.Get(n)
	if n > L.GetTop() {
		typeError(L, n, "number")
	}
	if cd, ok := toCData(v); ok {
		cv := s.cdataValue(cd)
		r := cv.t.numType()
		if r.kind == kInt && r.unsigned && r.size == 8 {
			*id = s.tt.tUint64
		} else if *id == nil {
			*id = s.tt.tInt64
		}
		out, err := s.conv(*id, cv, 0)
		if err != nil {
			raise(L, withArg(err, n))
		}
		return out.num
	}
	var f float64
	switch x := v.(type) {
	case lua.LNumber:
		f = float64(x)
	case lua.LString:
		var ok bool
		if f, ok = lua51compat.ParseNumber(strings.TrimSpace(string(x))); !ok {
			typeError(L, n, "number")
		}
		// LuaJIT converts the argument in place, so the 64-bit pass that
		// follows sees a number.
		L.Replace(n, lua.LNumber(f))
	default:
		typeError(L, n, "number")
	}
	return uint64(uint32(lua51compat.ToBit(f)))
}
