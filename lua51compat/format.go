package lua51compat

import (
	"math"
	"math/bits"
	"reflect"
	"strings"
	"unsafe"

	lua "github.com/yuin/gopher-lua"
)

// string.format as LuaJIT 2.1 implements it (lj_strfmt.c, lib_string.c):
// C printf conversions re-implemented byte for byte, not delegated to Go's
// fmt, whose verbs and flags mean different things.

// Conversion flags.
const (
	fLeft  = 1 << iota // '-'
	fPlus              // '+'
	fZero              // '0'
	fSpace             // ' '
	fAlt               // '#'
	fUpper             // conversion letter was upper case
)

// fmtSpec is one parsed %-conversion. prec is -1 when not given.
type fmtSpec struct {
	flags int
	width int
	prec  int
	conv  byte // lower-case conversion letter
}

// parseSpec parses the conversion starting at the '%' at fs[i]. It returns
// the end of the conversion; on error, the end of the text quoted in the
// error message.
func parseSpec(fs string, i int) (fmtSpec, int, bool) {
	at := func(k int) byte {
		if k < len(fs) {
			return fs[k]
		}
		return 0 // LuaJIT's strings are NUL-terminated
	}
	sp := fmtSpec{prec: -1}
	p := i + 1
flags:
	for ; at(p) >= ' ' && at(p) <= '0'; p++ {
		switch at(p) {
		case '-':
			sp.flags |= fLeft
		case '+':
			sp.flags |= fPlus
		case '0':
			sp.flags |= fZero
		case ' ':
			sp.flags |= fSpace
		case '#':
			sp.flags |= fAlt
		default:
			break flags
		}
	}
	if isDigit(at(p)) {
		sp.width = int(at(p) - '0')
		p++
		if isDigit(at(p)) {
			sp.width = sp.width*10 + int(at(p)-'0')
			p++
		}
	}
	if at(p) == '.' {
		sp.prec = 0
		p++
		if isDigit(at(p)) {
			sp.prec = int(at(p) - '0')
			p++
			if isDigit(at(p)) {
				sp.prec = sp.prec*10 + int(at(p)-'0')
				p++
			}
		}
	}
	c := at(p)
	switch c {
	case 'A', 'E', 'F', 'G', 'X':
		sp.flags |= fUpper
		sp.conv = c + 'a' - 'A'
		return sp, p + 1, true
	case 'a', 'c', 'd', 'e', 'f', 'g', 'i', 'o', 'p', 'q', 's', 'u', 'x':
		sp.conv = c
		return sp, p + 1, true
	}
	if c >= 32 && p < len(fs) {
		p++
	}
	return sp, p, false
}

func strFormat(L *lua.LState) int {
	fs := checkString(L, 1)
	top := L.GetTop()
	arg := 1
	buf := make([]byte, 0, len(fs)+16)
	for i := 0; i < len(fs); {
		if fs[i] != '%' {
			j := strings.IndexByte(fs[i:], '%')
			if j < 0 {
				j = len(fs) - i
			}
			buf = append(buf, fs[i:i+j]...)
			i += j
			continue
		}
		if i+1 < len(fs) && fs[i+1] == '%' {
			buf = append(buf, '%')
			i += 2
			continue
		}
		sp, next, ok := parseSpec(fs, i)
		if !ok {
			raise(L, "invalid option '"+fs[i:next]+"' to 'format'")
		}
		i = next
		arg++
		if arg > top {
			argError(L, arg, "value expected")
		}
		switch sp.conv {
		case 'd', 'i':
			buf = appendFmtInt(buf, sp, checkNumber(L, arg))
		case 'u', 'o', 'x':
			buf = appendFmtUint(buf, sp, checkNumber(L, arg))
		case 'a', 'e', 'f', 'g':
			buf = appendFmtFloat(buf, sp, checkNumber(L, arg))
		case 'c':
			buf = appendPadded(buf, sp, []byte{byte(checkInt(L, arg))})
		case 's':
			s := fmtToString(L, arg)
			if sp.prec >= 0 && sp.prec < len(s) {
				s = s[:sp.prec]
			}
			buf = appendPadded(buf, sp, []byte(s))
		case 'q':
			buf = appendQuoted(buf, fmtToString(L, arg))
		case 'p':
			buf = appendPointer(buf, L.Get(arg))
		}
	}
	L.Push(lua.LString(buf))
	return 1
}

// fmtToString converts the argument of %s and %q: strings as they are,
// the result of __tostring converted without metamethods, everything
// else as tostring would.
func fmtToString(L *lua.LState, arg int) string {
	v := L.Get(arg)
	if s, ok := v.(lua.LString); ok {
		return string(s)
	}
	return ToStringMeta(L, v)
}

// appendPadded appends s padded with spaces to the width (%s and %c).
func appendPadded(dst []byte, sp fmtSpec, s []byte) []byte {
	if sp.flags&fLeft != 0 {
		dst = append(dst, s...)
	}
	for w := sp.width; w > len(s); w-- {
		dst = append(dst, ' ')
	}
	if sp.flags&fLeft == 0 {
		dst = append(dst, s...)
	}
	return dst
}

// appendQuoted is %q: the string in double quotes, readable back by Lua.
func appendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\' || c == '\n':
			dst = append(dst, '\\', c)
		case c < 32 || c == 127:
			dst = append(dst, '\\')
			if c >= 100 || (i+1 < len(s) && isDigit(s[i+1])) {
				// Three digits, so that a following digit is not read
				// as part of the escape.
				dst = append(dst, '0'+c/100, '0'+c/10%10, '0'+c%10)
			} else if c >= 10 {
				dst = append(dst, '0'+c/10, '0'+c%10)
			} else {
				dst = append(dst, '0'+c)
			}
		default:
			dst = append(dst, c)
		}
	}
	return append(dst, '"')
}

// appendFmtInt is %d and %i: the number truncated to a 64-bit integer.
func appendFmtInt(dst []byte, sp fmtSpec, n float64) []byte {
	return appendXint(dst, sp, uint64(numToInt64(n)), true)
}

// appendFmtUint is %u, %o, %x and %X: values from 2^63 up wrap as in
// LuaJIT, negative ones are taken modulo 2^64.
func appendFmtUint(dst []byte, sp fmtSpec, n float64) []byte {
	var k int64
	if n >= 9223372036854775808.0 {
		k = numToInt64(n - 18446744073709551616.0)
	} else {
		k = numToInt64(n)
	}
	return appendXint(dst, sp, uint64(k), false)
}

// appendXint formats an integer conversion with C's flag rules.
func appendXint(dst []byte, sp fmtSpec, k uint64, signed bool) []byte {
	var prefix []byte
	if signed {
		switch {
		case int64(k) < 0:
			k = uint64(-int64(k))
			prefix = []byte{'-'}
		case sp.flags&fPlus != 0:
			prefix = []byte{'+'}
		case sp.flags&fSpace != 0:
			prefix = []byte{' '}
		}
	}
	flags := sp.flags
	if sp.prec >= 0 {
		flags &^= fZero
	}
	var tmp [24]byte
	q := len(tmp)
	switch {
	case k == 0:
		if sp.prec != 0 || (sp.conv == 'o' && flags&fAlt != 0) {
			q--
			tmp[q] = '0'
		}
	case sp.conv == 'x':
		hexdig := "0123456789abcdef"
		if flags&fUpper != 0 {
			hexdig = "0123456789ABCDEF"
		}
		for ; k != 0; k >>= 4 {
			q--
			tmp[q] = hexdig[k&15]
		}
		if flags&fAlt != 0 {
			prefix = []byte{'0', 'x'}
			if flags&fUpper != 0 {
				prefix[1] = 'X'
			}
		}
	case sp.conv == 'o':
		for ; k != 0; k >>= 3 {
			q--
			tmp[q] = byte('0' + k&7)
		}
		if flags&fAlt != 0 {
			q--
			tmp[q] = '0'
		}
	default:
		for ; k != 0; k /= 10 {
			q--
			tmp[q] = byte('0' + k%10)
		}
	}
	digits := tmp[q:]
	prec := sp.prec
	if len(digits) >= prec {
		prec = len(digits)
	}
	pprec := prec + len(prefix)
	if flags&(fLeft|fZero) == 0 {
		for w := sp.width; w > pprec; w-- {
			dst = append(dst, ' ')
		}
	}
	dst = append(dst, prefix...)
	if flags&(fLeft|fZero) == fZero {
		for w := sp.width; w > pprec; w-- {
			dst = append(dst, '0')
		}
	}
	for p := prec; p > len(digits); p-- {
		dst = append(dst, '0')
	}
	dst = append(dst, digits...)
	if flags&fLeft != 0 {
		for w := sp.width; w > pprec; w-- {
			dst = append(dst, ' ')
		}
	}
	return dst
}

// appendFmtFloat is %a, %e, %f and %g with their flags.
func appendFmtFloat(dst []byte, sp fmtSpec, n float64) []byte {
	upper := sp.flags&fUpper != 0
	var prefix byte
	neg := math.Signbit(n)
	if math.IsInf(n, 0) || n != n {
		word := "inf"
		if n != n {
			word = "nan"
			if sp.flags&fSpace != 0 {
				prefix = ' '
			}
		} else if neg {
			prefix = '-'
		} else if sp.flags&fPlus != 0 {
			prefix = '+'
		} else if sp.flags&fSpace != 0 {
			prefix = ' '
		}
		if upper {
			word = strings.ToUpper(word)
		}
		var body []byte
		if prefix != 0 {
			body = append(body, prefix)
		}
		body = append(body, word...)
		return appendPadded(dst, fmtSpec{flags: sp.flags & fLeft, width: sp.width}, body)
	}
	switch {
	case neg:
		prefix = '-'
	case sp.flags&fPlus != 0:
		prefix = '+'
	case sp.flags&fSpace != 0:
		prefix = ' '
	}
	abs := math.Abs(n)
	alt := sp.flags&fAlt != 0
	var body []byte
	if sp.conv == 'a' {
		body = append(body, '0', 'x')
		if upper {
			body[1] = 'X'
		}
		body = appendHexFloat(body, abs, sp.prec, alt, upper)
	} else {
		prec := sp.prec
		if prec < 0 {
			prec = 6
		}
		switch sp.conv {
		case 'e':
			body = appendExp(body, abs, prec, alt, upper)
		case 'f':
			body = appendFixed(body, abs, prec)
			if alt && prec == 0 {
				body = append(body, '.')
			}
		default:
			body = appendGeneral(body, abs, prec, alt, upper)
		}
	}
	size := len(body)
	if prefix != 0 {
		size++
	}
	if sp.flags&(fLeft|fZero) == 0 {
		for w := sp.width; w > size; w-- {
			dst = append(dst, ' ')
		}
	}
	if prefix != 0 {
		dst = append(dst, prefix)
	}
	if sp.flags&(fLeft|fZero) == fZero {
		// Zeros go after the sign, and after the "0x" of %a.
		if sp.conv == 'a' {
			dst = append(dst, body[:2]...)
			body = body[2:]
		}
		for w := sp.width; w > size; w-- {
			dst = append(dst, '0')
		}
	}
	dst = append(dst, body...)
	if sp.flags&fLeft != 0 {
		for w := sp.width; w > size; w-- {
			dst = append(dst, ' ')
		}
	}
	return dst
}

// appendPointer is %p: the address of a collectable value, NULL for the
// others, with LuaJIT's digit count (8, or more for 64-bit addresses).
func appendPointer(dst []byte, v lua.LValue) []byte {
	var x uintptr
	switch o := v.(type) {
	case lua.LString:
		x = uintptr(unsafe.Pointer(unsafe.StringData(string(o))))
	case *lua.LTable, *lua.LFunction, *lua.LUserData, *lua.LState:
		x = reflect.ValueOf(o).Pointer()
	}
	if x == 0 {
		return append(dst, "NULL"...)
	}
	n := 8
	if hi := uint32(uint64(x) >> 32); hi != 0 {
		n += 2 + 2*((bits.Len32(hi)-1)>>3)
	}
	dst = append(dst, '0', 'x')
	for i := n - 1; i >= 0; i-- {
		dst = append(dst, "0123456789abcdef"[uint64(x)>>(4*uint(i))&15])
	}
	return dst
}
