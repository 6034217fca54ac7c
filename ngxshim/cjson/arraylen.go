package cjson

import (
	"math"

	lua "github.com/yuin/gopher-lua"
)

// arrayLength decides, as lua-cjson's lua_array_length does, whether t is
// written as an array: -1 when some key is not an integer >= 1 (an
// object), else the largest key (0 for an empty table). An excessively
// sparse array (largest key above both ratio * keys and safe) is an error,
// or an object when encode_sparse_array's convert is on.
//
// lua-cjson keeps the largest key in a C int and counts in ints; the
// conversions are reproduced (keys of 2^31 and more turn the maximum
// negative, making the table an object), so results depend on iteration
// order exactly as there.
func (e *encoder) arrayLength(t *lua.LTable) (int, error) {
	var max, items int32
	// The array part first: its keys are 1 .. n, all array keys.
	n := t.MaxN()
	var next lua.LValue
	if n == 0 {
		next, _ = t.Next(lua.LNil)
	} else {
		next, _ = t.Next(lua.LNumber(n))
	}
	if _, ok := next.(lua.LNumber); next != lua.LNil && !ok {
		// The common object: its first hash key is a string.
		return -1, nil
	}
	for i := 1; i <= n; i++ {
		if t.RawGetInt(i) != lua.LNil {
			items++
		}
	}
	max = int32(n)
	// Then the hash part, in iteration order.
	for k := next; k != lua.LNil; k, _ = t.Next(k) {
		num, ok := k.(lua.LNumber)
		f := float64(num)
		if !ok || f == 0 || math.Floor(f) != f || f < 1 {
			return -1, nil
		}
		if f > float64(max) {
			max = cMaxKey(f)
		}
		items++
	}
	ratio := e.cfg.sparseRatio
	if ratio > 0 && max > items*ratio && max > e.cfg.sparseSafe {
		if !e.cfg.sparseConvert {
			return -1, cannotSerialise(t, "excessively sparse array")
		}
		return -1, nil
	}
	return int(max), nil
}

// cMaxKey is the C conversion of an integral key >= 1 to int on x86-64:
// past INT_MAX the CPU gives INT_MIN.
func cMaxKey(f float64) int32 {
	if f > math.MaxInt32 {
		return math.MinInt32
	}
	return int32(f)
}
