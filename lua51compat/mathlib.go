package lua51compat

import (
	"crypto/rand"
	"encoding/binary"
	"math"

	lua "github.com/yuin/gopher-lua"
)

var mathFuncs = map[string]lua.LGFunction{
	"abs":   mathUnary(math.Abs),
	"acos":  mathUnary(math.Acos),
	"asin":  mathUnary(math.Asin),
	"atan":  mathUnary(math.Atan),
	"atan2": mathAtan2,
	"ceil":  mathUnary(math.Ceil),
	"cos":   mathUnary(math.Cos),
	"cosh":  mathUnary(math.Cosh),
	"deg":   mathUnary(func(x float64) float64 { return x * (180 / math.Pi) }),
	"exp":   mathUnary(math.Exp),
	"floor": mathUnary(math.Floor),
	"fmod":  mathFmod,
	"frexp": mathFrexp,
	"ldexp": mathLdexp,
	"log":   mathLog,
	"log10": mathUnary(math.Log10),
	"max":   mathMax,
	"min":   mathMin,
	"modf":  mathModf,
	"pow":   mathPow,
	"rad":   mathUnary(func(x float64) float64 { return x * (math.Pi / 180) }),
	"sin":   mathUnary(math.Sin),
	"sinh":  mathUnary(math.Sinh),
	"sqrt":  mathUnary(math.Sqrt),
	"tan":   mathUnary(math.Tan),
	"tanh":  mathUnary(math.Tanh),
}

func openMath(L *lua.LState) {
	tab := register(L, "math", mathFuncs)
	tab.RawSetString("huge", lua.LNumber(math.Inf(1)))
	tab.RawSetString("pi", lua.LNumber(math.Pi))
	tab.RawSetString("mod", lua.LNil) // a Lua 5.0 name LuaJIT does not have
	rs := newPRNG()
	tab.RawSetString("random", L.NewFunction(rs.random))
	tab.RawSetString("randomseed", L.NewFunction(rs.randomseed))
}

func mathUnary(f func(float64) float64) lua.LGFunction {
	return func(L *lua.LState) int {
		L.Push(lua.LNumber(f(checkNumber(L, 1))))
		return 1
	}
}

func mathAtan2(L *lua.LState) int {
	L.Push(lua.LNumber(math.Atan2(checkNumber(L, 1), checkNumber(L, 2))))
	return 1
}

func mathPow(L *lua.LState) int {
	L.Push(lua.LNumber(math.Pow(checkNumber(L, 1), checkNumber(L, 2))))
	return 1
}

func mathFmod(L *lua.LState) int {
	L.Push(lua.LNumber(math.Mod(checkNumber(L, 1), checkNumber(L, 2))))
	return 1
}

func mathLdexp(L *lua.LState) int {
	x := checkNumber(L, 1)
	e := checkNumber(L, 2)
	L.Push(lua.LNumber(math.Ldexp(x, int(numToInt(e)))))
	return 1
}

func mathFrexp(L *lua.LState) int {
	f, e := math.Frexp(checkNumber(L, 1))
	L.Push(lua.LNumber(f))
	L.Push(lua.LNumber(e))
	return 2
}

// mathModf splits like C's modf: the fraction keeps the sign of x, and
// infinities have a zero fraction (Go's math.Modf gives NaN).
func mathModf(L *lua.LState) int {
	x := checkNumber(L, 1)
	var ip, frac float64
	switch {
	case math.IsInf(x, 0):
		ip, frac = x, math.Copysign(0, x)
	case x != x:
		ip, frac = x, x
	default:
		ip = math.Trunc(x)
		frac = math.Copysign(x-ip, x)
	}
	L.Push(lua.LNumber(ip))
	L.Push(lua.LNumber(frac))
	return 2
}

// mathLog with a base computes log2(x) * (1/log2(base)), as LuaJIT does.
func mathLog(L *lua.LState) int {
	x := checkNumber(L, 1)
	if L.GetTop() >= 2 {
		b := checkNumber(L, 2)
		L.Push(lua.LNumber(math.Log2(x) * (1 / math.Log2(b))))
		return 1
	}
	L.Push(lua.LNumber(math.Log(x)))
	return 1
}

// mathMax and mathMin keep LuaJIT's NaN behaviour: each argument replaces
// the result unless the result compares greater (less).
func mathMax(L *lua.LState) int {
	r := checkNumber(L, 1)
	for i := 2; i <= L.GetTop(); i++ {
		if d := checkNumber(L, i); !(r > d) {
			r = d
		}
	}
	L.Push(lua.LNumber(r))
	return 1
}

func mathMin(L *lua.LState) int {
	r := checkNumber(L, 1)
	for i := 2; i <= L.GetTop(); i++ {
		if d := checkNumber(L, i); !(r < d) {
			r = d
		}
	}
	L.Push(lua.LNumber(r))
	return 1
}

// prng is LuaJIT's Tausworthe generator with period 2^223 (L'Ecuyer
// 1991), so math.randomseed(n) gives the same sequence as in OpenResty.
type prng struct {
	u [4]uint64
}

// newPRNG seeds from the OS, as LuaJIT 2.1 does at startup.
func newPRNG() *prng {
	rs := &prng{}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		rs.seed(0)
		return rs
	}
	for i := range rs.u {
		rs.u[i] = binary.LittleEndian.Uint64(b[i*8:])
	}
	rs.fixup()
	return rs
}

// fixup makes sure the top k bits of every component are not all zero,
// which the generator needs.
func (rs *prng) fixup() {
	for i, k := range [4]uint{63, 58, 55, 47} {
		if rs.u[i] < 1<<(64-k) {
			rs.u[i] += 1 << (64 - k)
		}
	}
}

func (rs *prng) next() uint64 {
	var r uint64
	gen := func(i int, k, q, s uint) {
		z := rs.u[i]
		z = ((z<<q)^z)>>(k-s) ^ (z&(^uint64(0)<<(64-k)))<<s
		r ^= z
		rs.u[i] = z
	}
	gen(0, 63, 31, 18)
	gen(1, 58, 19, 28)
	gen(2, 55, 24, 7)
	gen(3, 47, 21, 8)
	return r
}

// float returns a number in [0, 1) from 52 random bits.
func (rs *prng) float() float64 {
	return math.Float64frombits(rs.next()&(1<<52-1)|0x3ff0000000000000) - 1
}

func (rs *prng) seed(d float64) {
	for i, k := range [4]uint{63, 58, 55, 47} {
		d = d*math.Pi + math.E
		u := math.Float64bits(d)
		if m := uint64(1) << (64 - k); u < m {
			u += m
		}
		rs.u[i] = u
	}
	for i := 0; i < 10; i++ {
		rs.next()
	}
}

func (rs *prng) random(L *lua.LState) int {
	d := rs.float()
	switch n := L.GetTop(); {
	case n == 1:
		d = math.Floor(d*checkNumber(L, 1)) + 1
	case n >= 2:
		r1 := checkNumber(L, 1)
		r2 := checkNumber(L, 2)
		d = math.Floor(d*(r2-r1+1)) + r1
	}
	L.Push(lua.LNumber(d))
	return 1
}

func (rs *prng) randomseed(L *lua.LState) int {
	rs.seed(checkNumber(L, 1))
	return 0
}
