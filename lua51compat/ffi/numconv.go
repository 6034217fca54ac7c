package ffi

import "math"

// Number conversions exactly as LuaJIT's interpreter performs them on
// x86-64 (cvttsd2si semantics: out-of-range and NaN give the "integer
// indefinite" value INT_MIN of the target width).

// numToInt32 converts like (int32_t)n.
func numToInt32(n float64) int32 {
	if n > -2147483649.0 && n < 2147483648.0 {
		return int32(n)
	}
	return math.MinInt32
}

// numToInt64 converts like (int64_t)n.
func numToInt64(n float64) int64 {
	if n >= -9223372036854775808.0 && n < 9223372036854775808.0 {
		return int64(n)
	}
	return math.MinInt64
}

// numToUint64 converts like LuaJIT's lj_num2u64 on x64: values that do not
// convert to a non-negative int64 are converted after subtracting 2^64.
func numToUint64(n float64) uint64 {
	i := numToInt64(n)
	if i < 0 {
		i = numToInt64(n - 18446744073709551616.0)
	}
	return uint64(i)
}

// numToInt converts a double to an integer of the given size and
// signedness, returning the value sign- or zero-extended to 64 bits.
func numToInt(n float64, size int64, unsigned bool) uint64 {
	switch {
	case size < 4 || size == 4 && !unsigned:
		return extend(uint64(int64(numToInt32(n))), size, unsigned)
	case size == 4:
		return uint64(uint32(numToInt64(n)))
	case unsigned:
		return numToUint64(n)
	}
	return uint64(numToInt64(n))
}

// extend truncates v to size bytes and sign- or zero-extends it back.
func extend(v uint64, size int64, unsigned bool) uint64 {
	if size >= 8 {
		return v
	}
	shift := uint(64 - 8*size)
	if unsigned {
		return v << shift >> shift
	}
	return uint64(int64(v<<shift) >> shift)
}

// intToNum converts an integer (already extended to 64 bits) to a double.
func intToNum(v uint64, unsigned bool) float64 {
	if unsigned {
		return float64(v)
	}
	return float64(int64(v))
}
