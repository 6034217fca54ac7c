package cjson

import (
	"math"
	"strconv"
)

// pow10 holds 10^0 .. 10^16.
var pow10 = [...]int64{
	1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
}

// appendNumber appends f as C's printf "%.<prec>g" writes it (prec 1 to
// 16), with glibc's "inf", "-inf" and "nan". Go's 'g' format with an
// explicit precision makes the same choices as C's (exponent form when the
// exponent is below -4 or not below the precision, trailing zeros dropped,
// at least two exponent digits); integers short enough to print whole take
// a faster path.
func appendNumber(dst []byte, f float64, prec int) []byte {
	if f > -1e16 && f < 1e16 {
		if i := int64(f); float64(i) == f {
			switch {
			case i == 0 && math.Signbit(f):
				return append(dst, '-', '0')
			case i > -pow10[prec] && i < pow10[prec]:
				return strconv.AppendInt(dst, i, 10)
			}
		}
	}
	switch {
	case f != f:
		if math.Signbit(f) {
			return append(dst, "-nan"...)
		}
		return append(dst, "nan"...)
	case math.IsInf(f, 1):
		return append(dst, "inf"...)
	case math.IsInf(f, -1):
		return append(dst, "-inf"...)
	}
	return strconv.AppendFloat(dst, f, 'g', prec, 64)
}
