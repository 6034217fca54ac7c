package cjson

import (
	"math"
	"strconv"
)

// lua-cjson reads numbers with the C library's strtod (glibc here), so its
// decode accepts what strtod accepts and stops where strtod stops; the
// parser then complains about whatever follows. strtod reads, after an
// optional sign: "inf" or "infinity", "nan" with an optional "(chars)",
// a hexadecimal "0x" mantissa with an optional binary "p" exponent, or a
// decimal mantissa with an optional "e" exponent. An exponent without
// digits is not part of the number.

// at returns s[i], or 0 past the end: lua-cjson scans a NUL-terminated
// string, so the end and an embedded NUL look the same.
func at(s string, i int) byte {
	if i < len(s) {
		return s[i]
	}
	return 0
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHexDigit(c byte) bool {
	return isDigit(c) || ('a' <= c|0x20 && c|0x20 <= 'f')
}

// hasPrefixFold reports whether s[i:] starts with the lower-case ASCII
// word, ignoring case (strncasecmp).
func hasPrefixFold(s string, i int, word string) bool {
	if len(s)-i < len(word) {
		return false
	}
	for k := 0; k < len(word); k++ {
		if s[i+k]|0x20 != word[k] {
			return false
		}
	}
	return true
}

// strtod converts the number at s[start:] and returns it with the index
// just past it; end == start means no conversion.
func strtod(s string, start int) (f float64, end int) {
	i := start
	neg := false
	if c := at(s, i); c == '+' || c == '-' {
		neg = c == '-'
		i++
	}
	switch c := at(s, i); {
	case c|0x20 == 'i':
		if !hasPrefixFold(s, i, "inf") {
			return 0, start
		}
		end = i + 3
		if hasPrefixFold(s, end, "inity") {
			end += 5
		}
		return math.Inf(sign(neg)), end
	case c|0x20 == 'n':
		if !hasPrefixFold(s, i, "nan") {
			return 0, start
		}
		end = i + 3
		if at(s, end) == '(' {
			k := end + 1
			for c := at(s, k); isDigit(c) || ('a' <= c|0x20 && c|0x20 <= 'z') || c == '_'; c = at(s, k) {
				k++
			}
			if at(s, k) == ')' {
				end = k + 1
			}
		}
		return math.Copysign(math.NaN(), float64(sign(neg))), end
	case c == '0' && at(s, i+1)|0x20 == 'x':
		if f, end, ok := strtodHex(s, start, i+2); ok {
			return f, end
		}
		// "0x" without hex digits is the number 0 followed by an x.
		return math.Copysign(0, float64(sign(neg))), i + 1
	}
	return strtodDecimal(s, start, i)
}

func sign(neg bool) int {
	if neg {
		return -1
	}
	return 1
}

// strtodDecimal converts a decimal number whose digits start at s[i]
// (after the sign that starts at s[start]).
func strtodDecimal(s string, start, i int) (float64, int) {
	digits := 0
	j := i
	for isDigit(at(s, j)) {
		j++
	}
	digits += j - i
	plain := true
	if at(s, j) == '.' {
		plain = false
		k := j + 1
		for isDigit(at(s, k)) {
			k++
		}
		digits += k - j - 1
		j = k
	}
	if digits == 0 {
		return 0, start
	}
	if c := at(s, j); c == 'e' || c == 'E' {
		k := j + 1
		if c := at(s, k); c == '+' || c == '-' {
			k++
		}
		if isDigit(at(s, k)) {
			for isDigit(at(s, k)) {
				k++
			}
			j = k
			plain = false
		}
	}
	if plain && j-i <= 15 {
		// Up to 15 digits are exact in a double: no rounding to do.
		var n int64
		for k := i; k < j; k++ {
			n = n*10 + int64(s[k]-'0')
		}
		f := float64(n)
		if s[start] == '-' {
			f = -f
		}
		return f, j
	}
	f, err := strconv.ParseFloat(s[start:j], 64)
	if err != nil && !isRangeError(err) {
		return 0, start
	}
	return f, j
}

// strtodHex converts a hexadecimal number whose mantissa starts at s[i],
// after "0x" (and the sign at s[start]). ok is false when no hex digit
// follows the "0x".
func strtodHex(s string, start, i int) (f float64, end int, ok bool) {
	j := i
	for isHexDigit(at(s, j)) {
		j++
	}
	digits := j - i
	if at(s, j) == '.' {
		k := j + 1
		for isHexDigit(at(s, k)) {
			k++
		}
		digits += k - j - 1
		j = k
	}
	if digits == 0 {
		return 0, 0, false
	}
	exponent := false
	if c := at(s, j); c == 'p' || c == 'P' {
		k := j + 1
		if c := at(s, k); c == '+' || c == '-' {
			k++
		}
		if isDigit(at(s, k)) {
			for isDigit(at(s, k)) {
				k++
			}
			j, exponent = k, true
		}
	}
	text := s[start:j]
	if !exponent {
		// Go requires the binary exponent C makes optional.
		text += "p0"
	}
	f, err := strconv.ParseFloat(text, 64)
	if err != nil && !isRangeError(err) {
		return 0, 0, false
	}
	return f, j, true
}
