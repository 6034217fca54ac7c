package parse

import (
	"math"
	"strconv"
)

// numFormat is the kind of number a literal denotes (LuaJIT's StrScanFmt,
// restricted to what the lexer accepts).
type numFormat int

const (
	fmtNum  numFormat = iota // plain double
	fmtImag                  // imaginary part of a complex number: 12i
	fmtInt                   // integer digits, no '.', no exponent, no suffix
	fmtU32                   // U suffix: rejected outside C declarations
	fmtI64                   // LL suffix
	fmtU64                   // ULL or LLU suffix
)

// numLit is a scanned numeric literal.
type numLit struct {
	v    float64   // the value; for LL/ULL the nearest double
	f    numFormat // fmtI64 and fmtU64 for LL/ULL, else any other
	bits uint64    // the 64-bit value of an LL/ULL literal
}

// scanNumber checks a numeric literal as the LuaJIT 2.1 lexer does
// (lj_strscan_scan with the TONUM, LL and IMAG options) and returns its
// value. LL/ULL literals, which are 64-bit cdata in LuaJIT, come back as the
// nearest double of their int64/uint64 value; imaginary literals come back as
// the imaginary part.
func scanNumber(s string) (float64, bool) {
	lit, ok := scanLiteral(s)
	return lit.v, ok
}

// scanLiteral is scanNumber also returning the format and, for LL/ULL
// literals, the exact 64-bit value.
func scanLiteral(s string) (numLit, bool) {
	n := len(s)
	at := func(i int) int {
		if i < n {
			return int(s[i])
		}
		return 0
	}
	base := 10
	isDig := isDigit
	i := 0
	prefix := 0
	hasDig := false
	dp := -1
	if at(0) <= '0' {
		if at(0) == '0' {
			switch at(1) | 0x20 {
			case 'x':
				base, isDig, i, prefix = 16, isXDigit, 2, 2
			case 'b':
				base, i, prefix = 2, 2, 2
			}
		}
		for ; ; i++ {
			if at(i) == '0' {
				hasDig = true
			} else if at(i) == '.' {
				if dp >= 0 {
					return numLit{}, false
				}
				dp = i
			} else {
				break
			}
		}
	}
	sp := i
	dig := 0
	for ; ; i++ {
		if c := at(i); isDig(c) {
			dig++
		} else if c == '.' {
			if dp >= 0 {
				return numLit{}, false
			}
			dp = i
		} else {
			break
		}
	}
	if !hasDig && dig == 0 {
		return numLit{}, false
	}
	iend := i
	mant := s[prefix:iend] // digits and point, leading zeros included
	f := fmtInt
	if dp >= 0 {
		f = fmtNum
	}
	exp := ""
	expChar := 'e'
	if base == 16 {
		expChar = 'p'
	}
	if base >= 10 && rune(at(i)|0x20) == expChar {
		f = fmtNum
		i++
		es := i
		if at(i) == '+' || at(i) == '-' {
			i++
		}
		if !isDigit(at(i)) {
			return numLit{}, false
		}
		for isDigit(at(i)) {
			i++
		}
		exp = s[es:i]
	}
	if i < n {
		c := at(i) | 0x20
		if c == 'i' {
			i++
			f = fmtImag
		} else if f == fmtInt {
			if c == 'u' {
				i++
				f = fmtU32
			}
			if at(i)|0x20 == 'l' {
				i++
				if at(i)|0x20 != 'l' {
					return numLit{}, false
				}
				i++
				f += fmtI64 - fmtInt
			}
			if at(i)|0x20 == 'u' && (f == fmtInt || f == fmtI64) {
				i++
				f++
			}
			if f == fmtU32 {
				return numLit{}, false
			}
		}
		if i < n {
			return numLit{}, false
		}
	}
	if f == fmtI64 || f == fmtU64 {
		bits, ok := int64Value(mant, base, dig)
		if !ok {
			return numLit{}, false
		}
		v := float64(bits)
		if f == fmtI64 {
			v = float64(int64(bits))
		}
		return numLit{v: v, f: f, bits: bits}, true
	}
	v, ok := floatValue(s, base, mant, exp, sp, dp, dig)
	return numLit{v: v, f: f}, ok
}

// floatValue is the double value of a literal without LL/ULL suffix.
func floatValue(s string, base int, mant, exp string, sp, dp, dig int) (float64, bool) {
	switch base {
	case 16:
		if mant == "" || mant == "." {
			mant = "0"
		}
		if exp == "" {
			exp = "0"
		}
		v, err := strconv.ParseFloat("0x"+mant+"p"+exp, 64)
		return v, err == nil || isRange(err)
	case 2:
		return binaryValue(s, sp, dp, dig)
	}
	if mant == "" || mant == "." {
		mant = "0"
	}
	text := mant
	if exp != "" {
		text += "e" + exp
	}
	v, err := strconv.ParseFloat(text, 64)
	return v, err == nil || isRange(err)
}

// binaryValue reads the digits of a 0b literal, which takes no point.
func binaryValue(s string, sp, dp, dig int) (float64, bool) {
	if dp >= 0 || dig > 64 {
		return 0, false
	}
	var x uint64
	for j := sp; j < sp+dig; j++ {
		c := s[j]
		if c != '0' && c != '1' {
			return 0, false
		}
		x = x<<1 | uint64(c-'0')
	}
	return float64(x), true
}

func isRange(err error) bool {
	ne, ok := err.(*strconv.NumError)
	return ok && ne.Err == strconv.ErrRange
}

// int64Value converts the digits of an LL/ULL literal, which must fit in 64
// bits; LL values are their two's complement wrap, as LuaJIT's cdata.
func int64Value(mant string, base, dig int) (uint64, bool) {
	if mant == "" {
		mant = "0"
	}
	if base == 16 && dig > 16 || base == 2 && dig > 64 {
		return 0, false
	}
	x, err := strconv.ParseUint(mant, base, 64)
	if err != nil {
		return 0, false
	}
	return x, true
}

// numberText renders a number so that gopher-lua's parseNumber (ParseInt,
// then ParseFloat) reads back exactly the same double.
func numberText(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
