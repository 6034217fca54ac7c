package lua51compat

import (
	"math"
	"math/bits"

	lua "github.com/yuin/gopher-lua"
)

// The bit module of LuaJIT 2.1 (BitOp) on plain numbers: every argument is
// reduced to 32 bits the way LuaJIT does it, by adding 2^52+2^51 and taking
// the low word of the double, so fractions round to nearest even and
// numbers beyond 2^32 wrap.

var bitFuncs = map[string]lua.LGFunction{
	"arshift": bitShift(func(x uint32, n uint) uint32 { return uint32(int32(x) >> n) }),
	"band":    bitFold(func(a, b uint32) uint32 { return a & b }),
	"bnot":    bitBnot,
	"bor":     bitFold(func(a, b uint32) uint32 { return a | b }),
	"bswap":   bitBswap,
	"bxor":    bitFold(func(a, b uint32) uint32 { return a ^ b }),
	"lshift":  bitShift(func(x uint32, n uint) uint32 { return x << n }),
	"rol":     bitShift(func(x uint32, n uint) uint32 { return bits.RotateLeft32(x, int(n)) }),
	"ror":     bitShift(func(x uint32, n uint) uint32 { return bits.RotateLeft32(x, -int(n)) }),
	"rshift":  bitShift(func(x uint32, n uint) uint32 { return x >> n }),
	"tobit":   bitTobit,
	"tohex":   bitTohex,
}

func openBit(L *lua.LState) {
	register(L, "bit", bitFuncs)
}

// ToBit reduces a number to a signed 32-bit integer as bit.tobit does.
func ToBit(f float64) int32 {
	if f != f {
		return 0
	}
	return int32(uint32(math.Float64bits(f + 6755399441055744.0)))
}

// checkBit returns argument n as 32 bits.
func checkBit(L *lua.LState, n int) uint32 {
	return uint32(ToBit(checkNumber(L, n)))
}

func pushBit(L *lua.LState, x uint32) int {
	L.Push(lua.LNumber(int32(x)))
	return 1
}

func bitTobit(L *lua.LState) int { return pushBit(L, checkBit(L, 1)) }
func bitBnot(L *lua.LState) int  { return pushBit(L, ^checkBit(L, 1)) }
func bitBswap(L *lua.LState) int { return pushBit(L, bits.ReverseBytes32(checkBit(L, 1))) }

// bitFold applies op across one or more arguments.
func bitFold(op func(a, b uint32) uint32) lua.LGFunction {
	return func(L *lua.LState) int {
		r := checkBit(L, 1)
		for i := 2; i <= L.GetTop(); i++ {
			r = op(r, checkBit(L, i))
		}
		return pushBit(L, r)
	}
}

// bitShift applies a shift or rotation by the low 5 bits of argument 2.
func bitShift(op func(x uint32, n uint) uint32) lua.LGFunction {
	return func(L *lua.LState) int {
		x := checkBit(L, 1)
		n := checkBit(L, 2) & 31
		return pushBit(L, op(x, uint(n)))
	}
}

// bitTohex formats the low n hex digits (default 8, upper case when n is
// negative, at most 254).
func bitTohex(L *lua.LState) int {
	b := uint64(checkBit(L, 1))
	n := int32(8)
	if L.GetTop() >= 2 {
		n = int32(checkBit(L, 2))
	}
	upper := false
	if n < 0 {
		n = -n
		upper = true
	}
	if uint32(n) > 254 {
		n = 254
	}
	if n < 8 {
		b &= 1<<(4*uint(n)) - 1
	}
	hexdig := "0123456789abcdef"
	if upper {
		hexdig = "0123456789ABCDEF"
	}
	buf := make([]byte, n)
	for i := int(n) - 1; i >= 0; i-- {
		buf[i] = hexdig[b&15]
		b >>= 4
	}
	L.Push(lua.LString(buf))
	return 1
}
