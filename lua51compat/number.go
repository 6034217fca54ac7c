package lua51compat

import (
	"math"
	"strconv"
)

// Number parsing as LuaJIT's lj_strscan does it for tonumber and for
// string-to-number coercion in library functions: optional surrounding
// whitespace, a sign, decimal numbers with an exponent, hexadecimal numbers
// (with fraction and binary exponent), 0b binary integers, and inf,
// infinity and nan in any case. gopher-lua's parser only accepts what
// strconv.ParseInt/ParseFloat accept.

// isSpace is C's isspace in the "C" locale.
func isSpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isHexDigit(c byte) bool {
	return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

func lower(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// hasPrefixFold reports whether s starts with the lower-case word w,
// ignoring case.
func hasPrefixFold(s, w string) bool {
	if len(s) < len(w) {
		return false
	}
	for i := 0; i < len(w); i++ {
		if lower(s[i]) != w[i] {
			return false
		}
	}
	return true
}

// ParseNumber converts s to a number as LuaJIT's tonumber(s) does, and
// reports whether s is a number at all.
func ParseNumber(s string) (float64, bool) {
	// Fast path: a short plain decimal integer.
	if n := len(s); n > 0 && n < 16 {
		var x int64
		i := 0
		for ; i < n && isDigit(s[i]); i++ {
			x = x*10 + int64(s[i]-'0')
		}
		if i == n {
			return float64(x), true
		}
	}
	p := 0
	neg := false
	for p < len(s) && isSpace(s[p]) {
		p++
	}
	if p < len(s) && (s[p] == '+' || s[p] == '-') {
		neg = s[p] == '-'
		p++
	}
	if p < len(s) && s[p] >= 'A' {
		return parseSpecial(s[p:], neg)
	}
	base := 10
	if p+1 < len(s) && s[p] == '0' {
		switch lower(s[p+1]) {
		case 'x':
			base = 16
			p += 2
		case 'b':
			base = 2
			p += 2
		}
	}
	// Mantissa: digits with at most one '.', at least one digit.
	mstart := p
	ndig, dot := 0, -1
	for ; p < len(s); p++ {
		c := s[p]
		if c == '.' {
			if dot >= 0 {
				return 0, false
			}
			dot = p
		} else if (base == 16 && isHexDigit(c)) || (base != 16 && isDigit(c)) {
			ndig++
		} else {
			break
		}
	}
	if ndig == 0 {
		return 0, false
	}
	mantissa := s[mstart:p]
	// Exponent: e for decimal, p (binary) for hexadecimal.
	exp := ""
	if p < len(s) && base != 2 && ((base == 10 && lower(s[p]) == 'e') || (base == 16 && lower(s[p]) == 'p')) {
		estart := p
		p++
		if p < len(s) && (s[p] == '+' || s[p] == '-') {
			p++
		}
		if p >= len(s) || !isDigit(s[p]) {
			return 0, false
		}
		for p < len(s) && isDigit(s[p]) {
			p++
		}
		exp = s[estart:p]
	}
	for p < len(s) && isSpace(s[p]) {
		p++
	}
	if p != len(s) {
		return 0, false
	}
	var f float64
	switch base {
	case 2:
		var ok bool
		if f, ok = parseBinary(mantissa); !ok {
			return 0, false
		}
	case 16:
		if exp == "" {
			exp = "p0"
		}
		f = parseFloatLoose("0x" + mantissa + exp)
	default:
		f = parseFloatLoose(mantissa + exp)
	}
	if neg {
		f = -f
	}
	return f, true
}

// parseSpecial handles the words LuaJIT accepts where a number would start.
func parseSpecial(s string, neg bool) (float64, bool) {
	var f float64
	switch {
	case hasPrefixFold(s, "infinity"):
		f, s = math.Inf(1), s[8:]
	case hasPrefixFold(s, "inf"):
		f, s = math.Inf(1), s[3:]
	case hasPrefixFold(s, "nan"):
		f, s = math.NaN(), s[3:]
	default:
		return 0, false
	}
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	if s != "" {
		return 0, false
	}
	if neg && !math.IsNaN(f) {
		f = -f
	}
	return f, true
}

// parseBinary converts 0b digits: at most 64 significant ones, and no
// point (LuaJIT rejects one even when only zeros follow).
func parseBinary(m string) (float64, bool) {
	var x uint64
	n := 0
	for i := 0; i < len(m); i++ {
		c := m[i]
		if c != '0' && c != '1' {
			return 0, false
		}
		if n > 0 || c == '1' {
			n++
		}
		x = x<<1 | uint64(c-'0')
	}
	if n > 64 {
		return 0, false
	}
	return float64(x), true
}

// parseFloatLoose is strconv.ParseFloat for syntax already validated,
// keeping the infinities and zeros it returns on range errors.
func parseFloatLoose(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}
