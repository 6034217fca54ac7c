package lua51compat

import (
	"math"
	"math/big"
	"math/bits"
	"strconv"
)

// Floating-point conversion as LuaJIT 2.1 does it (lj_strfmt_num.c): the
// exact binary value is rounded to the requested digits half away from
// zero, where C's printf and Go's strconv round half to even. The two only
// differ when the exact decimal expansion ends with a 5 right after the
// last kept digit, so strconv does the work and such ties are detected and
// rounded up here.

// decomposed returns m and e with abs == m * 2^e and m odd (m == 0 for 0).
func decomposed(abs float64) (uint64, int) {
	b := math.Float64bits(abs)
	m := b & (1<<52 - 1)
	e := int(b >> 52 & 0x7ff)
	if e == 0 {
		if m == 0 {
			return 0, 0
		}
		e = 1
	} else {
		m |= 1 << 52
	}
	e -= 1075
	tz := bits.TrailingZeros64(m)
	return m >> uint(tz), e + tz
}

// exactDigits returns the significant digits of the exact decimal expansion
// of m * 2^e without trailing zeros, or nil when there are more than limit.
func exactDigits(m uint64, e int, limit int) []byte {
	if e >= 0 {
		if bits.Len64(m)+e <= 64 {
			return trimZeros(strconv.AppendUint(nil, m<<uint(e), 10))
		}
		// m < 2^53 has at most 22 factors of 5, so at most 22 of the
		// digits can be trailing zeros: skip what is surely too long.
		if digits := float64(e)*0.3010299956639812 + math.Log10(float64(m)); digits > float64(limit)+23 {
			return nil
		}
		x := new(big.Int).Lsh(new(big.Int).SetUint64(m), uint(e))
		return trimZeros([]byte(x.String()))
	}
	// m * 2^e == m * 5^-e / 10^-e: the digits are those of m * 5^-e, which
	// is odd and so has no trailing zero. Skip the big multiplication when
	// its length, about log10(m) + 0.699*-e, is clearly beyond limit.
	if est := math.Log10(float64(m)) + float64(-e)*0.6989700043360188; est > float64(limit)+1 {
		return nil
	}
	x := new(big.Int).Exp(big.NewInt(5), big.NewInt(int64(-e)), nil)
	x.Mul(x, new(big.Int).SetUint64(m))
	s := []byte(x.String())
	if len(s) > limit {
		return nil
	}
	return s
}

func trimZeros(s []byte) []byte {
	for len(s) > 1 && s[len(s)-1] == '0' {
		s = s[:len(s)-1]
	}
	return s
}

// incDigits adds one unit in the last place of the ASCII digits in d
// (skipping a '.'), and reports whether a carry came out of the front.
func incDigits(d []byte) bool {
	for i := len(d) - 1; i >= 0; i-- {
		switch d[i] {
		case '.':
			continue
		case '9':
			d[i] = '0'
		default:
			d[i]++
			return false
		}
	}
	return true
}

// roundSig rounds abs (finite, >= 0) to n significant digits, half away
// from zero. It returns the n digits and the decimal exponent of the first.
func roundSig(abs float64, n int) ([]byte, int) {
	s := strconv.AppendFloat(make([]byte, 0, n+8), abs, 'e', n-1, 64)
	digits, exp := splitE(s)
	if m, e := decomposed(abs); m != 0 {
		if d := exactDigits(m, e, n+1); len(d) == n+1 && d[n] == '5' {
			// A tie: the exact value is d[0].d[1:] * 10^x. Round it up.
			s = strconv.AppendFloat(s[:0], abs, 'e', n, 64)
			digits, exp = splitE(s)
			digits = digits[:n]
			if incDigits(digits) {
				digits[0] = '1'
				exp++
			}
		}
	}
	return digits, exp
}

// splitE splits strconv's "d.ddde±xx" into its digits and exponent; the
// digits are rewritten in place.
func splitE(s []byte) ([]byte, int) {
	i := 0
	for i < len(s) && s[i] != 'e' {
		i++
	}
	mant := s[:i]
	digits := mant[:0]
	for _, c := range mant {
		if c != '.' {
			digits = append(digits, c)
		}
	}
	exp, _ := strconv.Atoi(string(s[i+1:]))
	return digits, exp
}

// appendFixed appends abs (finite, >= 0) with prec fraction digits.
func appendFixed(dst []byte, abs float64, prec int) []byte {
	start := len(dst)
	if m, e := decomposed(abs); m != 0 && e < 0 && -e == prec+1 {
		// The exact expansion ends with a 5 just past the last digit kept.
		dst = strconv.AppendFloat(dst, abs, 'f', prec+1, 64)
		dst = dst[:len(dst)-1]
		if prec == 0 {
			dst = dst[:len(dst)-1] // the '.'
		}
		if incDigits(dst[start:]) {
			dst = append(dst, 0)
			copy(dst[start+1:], dst[start:])
			dst[start] = '1'
		}
		return dst
	}
	return strconv.AppendFloat(dst, abs, 'f', prec, 64)
}

// appendExp appends abs in %e style with prec fraction digits.
func appendExp(dst []byte, abs float64, prec int, alt, upper bool) []byte {
	digits, exp := roundSig(abs, prec+1)
	dst = append(dst, digits[0])
	if prec > 0 || alt {
		dst = append(dst, '.')
	}
	dst = append(dst, digits[1:]...)
	return appendExponent(dst, exp, upper)
}

// appendExponent appends e±dd with at least two exponent digits.
func appendExponent(dst []byte, exp int, upper bool) []byte {
	if upper {
		dst = append(dst, 'E')
	} else {
		dst = append(dst, 'e')
	}
	if exp < 0 {
		dst = append(dst, '-')
		exp = -exp
	} else {
		dst = append(dst, '+')
	}
	if exp < 10 {
		dst = append(dst, '0')
	}
	return strconv.AppendInt(dst, int64(exp), 10)
}

// appendGeneral appends abs in %g style with prec significant digits.
func appendGeneral(dst []byte, abs float64, prec int, alt, upper bool) []byte {
	if prec == 0 {
		prec = 1
	}
	digits, exp := roundSig(abs, prec)
	if !alt {
		// Trailing zeros of the significand never show in %g.
		for len(digits) > 1 && digits[len(digits)-1] == '0' {
			digits = digits[:len(digits)-1]
		}
	}
	if exp < -4 || exp >= prec {
		dst = append(dst, digits[0])
		if len(digits) > 1 || alt {
			dst = append(dst, '.')
		}
		dst = append(dst, digits[1:]...)
		return appendExponent(dst, exp, upper)
	}
	if exp < 0 {
		dst = append(dst, '0', '.')
		for i := -1; i > exp; i-- {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	if len(digits) <= exp+1 {
		dst = append(dst, digits...)
		for i := len(digits); i <= exp; i++ {
			dst = append(dst, '0')
		}
		if alt {
			dst = append(dst, '.')
		}
		return dst
	}
	dst = append(dst, digits[:exp+1]...)
	dst = append(dst, '.')
	return append(dst, digits[exp+1:]...)
}

// appendHexFloat appends abs in %a style as LuaJIT does: prec < 0 means
// the shortest exact form; rounding adds half a unit (so 0x1.f8 can become
// 0x2.0). The caller adds sign, "0x" and padding; this returns the part
// after "0x".
func appendHexFloat(dst []byte, abs float64, prec int, alt, upper bool) []byte {
	hexdig := "0123456789abcdefp"
	if upper {
		hexdig = "0123456789ABCDEFP"
	}
	b := math.Float64bits(abs)
	e := int(b >> 52 & 0x7ff)
	m := b & (1<<52 - 1)
	if e != 0 {
		m |= 1 << 52
		e -= 1023
	} else if m != 0 {
		// Subnormal: normalise so that bit 52 is the leading one.
		shift := 53 - bits.Len64(m)
		m <<= uint(shift)
		e = -1022 - shift
	}
	if prec < 0 {
		prec = 0
		if frac := m & (1<<52 - 1); frac != 0 {
			prec = 13 - bits.TrailingZeros64(frac)/4
		}
	} else if prec < 13 {
		m += 1 << uint(51-prec*4)
	}
	dst = append(dst, byte('0'+m>>52))
	if prec > 0 || alt {
		dst = append(dst, '.')
		frac := m & (1<<52 - 1)
		for i := 0; i < prec; i++ {
			if i < 13 {
				dst = append(dst, hexdig[frac>>48&15])
				frac = frac << 4 & (1<<52 - 1)
			} else {
				dst = append(dst, '0')
			}
		}
	}
	dst = append(dst, hexdig[16])
	if e < 0 {
		dst = append(dst, '-')
		e = -e
	} else {
		dst = append(dst, '+')
	}
	return strconv.AppendInt(dst, int64(e), 10)
}

// FormatNumber formats f as LuaJIT's tostring does ("%.14g", with inf,
// -inf and nan spelled that way and -0 kept).
func FormatNumber(f float64) string {
	return string(AppendNumber(nil, f))
}

// AppendNumber appends FormatNumber(f) to dst.
func AppendNumber(dst []byte, f float64) []byte {
	if f > -1e14 && f < 1e14 {
		if i := int64(f); float64(i) == f {
			if i == 0 && math.Signbit(f) {
				return append(dst, '-', '0')
			}
			return strconv.AppendInt(dst, i, 10)
		}
	}
	switch {
	case f != f:
		return append(dst, "nan"...)
	case math.IsInf(f, 1):
		return append(dst, "inf"...)
	case math.IsInf(f, -1):
		return append(dst, "-inf"...)
	}
	if f < 0 {
		dst = append(dst, '-')
		f = -f
	}
	return appendGeneral(dst, f, 14, false, false)
}
