package regex

// escKind is what a backslash sequence stands for, in PCRE's ESC_ order
// (the range between escb and escZ is "matches one character").
type escKind int

const (
	escChar escKind = iota // a data character
	escA
	escG
	escK
	escB
	escb
	escD
	escd
	escS
	escs
	escW
	escw
	escN
	escDum
	escC
	escP
	escp
	escR
	escH
	esch
	escV
	escv
	escX
	escZ
	escz
	escE
	escQ
	escg
	esck
	escRef // numbered back reference, number in ch
)

// consumesChar reports whether an escape matches one character.
func (e escKind) consumesChar() bool { return e > escb && e < escZ }

// letterEscapes maps an escaped ASCII letter to its kind or character.
var letterEscapes = map[byte]escKind{
	'A': escA, 'B': escB, 'C': escC, 'D': escD, 'E': escE, 'G': escG, 'H': escH, 'K': escK,
	'N': escN, 'P': escP, 'Q': escQ, 'R': escR, 'S': escS, 'V': escV, 'W': escW, 'X': escX,
	'Z': escZ, 'b': escb, 'd': escd, 'h': esch, 'k': esck, 'p': escp, 's': escs, 'v': escv,
	'w': escw, 'z': escz,
}

var charEscapes = map[byte]uint32{'a': 7, 'e': 27, 'f': 12, 'n': 10, 'r': 13, 't': 9}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isXdigit(c byte) bool { return ctypes[c]&ctXdigit != 0 }

func hexVal(c byte) uint32 {
	switch {
	case c >= 'a':
		return uint32(c-'a') + 10
	case c >= 'A':
		return uint32(c-'A') + 10
	}
	return uint32(c - '0')
}

// at returns the pattern byte at i, 0 past the end (PCRE reads a C string).
func (c *compiler) at(i int) byte {
	if i < len(c.pat) {
		return c.pat[i]
	}
	return 0
}

// isCountedRepeat reports whether p[i:] starts with "n}", "n,}" or "n,m}".
func (c *compiler) isCountedRepeat(i int) bool {
	if !isDigit(c.at(i)) {
		return false
	}
	for i++; isDigit(c.at(i)); i++ {
	}
	if c.at(i) == '}' {
		return true
	}
	if c.at(i) != ',' {
		return false
	}
	i++
	if c.at(i) == '}' {
		return true
	}
	if !isDigit(c.at(i)) {
		return false
	}
	for i++; isDigit(c.at(i)); i++ {
	}
	return c.at(i) == '}'
}

// checkEscape reads the escape starting at the backslash at c.ptr and
// leaves c.ptr on its last character. It returns the kind and, for data
// characters and references, the value; on error it sets c.errcode.
func (c *compiler) checkEscape(opts Options, isClass bool) (escKind, uint32) {
	utf := opts&UTF8 != 0
	ptr := c.ptr + 1
	if ptr >= len(c.pat) {
		c.errcode = errBackslashAtEnd
		c.ptr = ptr
		return escChar, 0
	}
	var ch uint32
	var n int
	if utf {
		ch, n = decodeString(c.pat, ptr)
	} else {
		ch, n = uint32(c.pat[ptr]), 1
	}
	ptr += n - 1 // on the last byte of the character
	esc := escChar
	defer func() { c.ptr = ptr }()

	switch {
	case ch < '0' || ch > 'z':
		return escChar, ch
	case ch <= 0x7f && letterEscapes[byte(ch)] != 0:
		esc = letterEscapes[byte(ch)]
	case ch <= 0x7f && charEscapes[byte(ch)] != 0:
		return escChar, charEscapes[byte(ch)]
	case !(ch >= '0' && ch <= '9') && !(ch >= 'a' && ch <= 'z') && !(ch >= 'A' && ch <= 'Z'):
		return escChar, ch // : ; < = > ? @ [ \ ] ^ _ `
	default:
		switch byte(ch) {
		case 'l', 'L':
			c.errcode = errUnsupportedEscape
		case 'u':
			if opts&JavaScript != 0 {
				if isXdigit(c.at(ptr+1)) && isXdigit(c.at(ptr+2)) && isXdigit(c.at(ptr+3)) && isXdigit(c.at(ptr+4)) {
					var v uint32
					for k := 0; k < 4; k++ {
						ptr++
						v = v<<4 + hexVal(c.pat[ptr])
					}
					if (utf && v > 0x10ffff) || (!utf && v > 0xff) {
						c.errcode = errJSUTooBig
					} else if utf && v >= 0xd800 && v <= 0xdfff {
						c.errcode = errSurrogate
					}
					return escChar, v
				}
				return escChar, ch
			}
			c.errcode = errUnsupportedEscape
		case 'U':
			if opts&JavaScript == 0 {
				c.errcode = errUnsupportedEscape
			}
			return escChar, ch
		case 'g':
			return c.escapeG(&ptr, isClass)
		case '1', '2', '3', '4', '5', '6', '7', '8', '9':
			if !isClass {
				old := ptr
				s := int(ch - '0')
				for isDigit(c.at(ptr + 1)) {
					if s > maxInt/10-1 {
						for isDigit(c.at(ptr + 1)) {
							ptr++
						}
						c.errcode = errNumberTooBig
						return escChar, 0
					}
					ptr++
					s = s*10 + int(c.pat[ptr]-'0')
				}
				if s < 8 || s <= c.bracount {
					return escRef, uint32(s)
				}
				ptr = old
			}
			if ch >= '8' {
				return escChar, ch
			}
			return c.escapeOctal(&ptr, ch, utf)
		case '0':
			return c.escapeOctal(&ptr, ch, utf)
		case 'o':
			return c.escapeBraced(&ptr, utf, 8)
		case 'x':
			if opts&JavaScript != 0 {
				if isXdigit(c.at(ptr+1)) && isXdigit(c.at(ptr+2)) {
					v := hexVal(c.pat[ptr+1])<<4 | hexVal(c.pat[ptr+2])
					ptr += 2
					return escChar, v
				}
				return escChar, ch
			}
			if c.at(ptr+1) == '{' {
				return c.escapeBraced(&ptr, utf, 16)
			}
			var v uint32
			for k := 0; k < 2 && isXdigit(c.at(ptr+1)); k++ {
				ptr++
				v = v*16 + hexVal(c.pat[ptr])
			}
			return escChar, v
		case 'c':
			ptr++
			if ptr >= len(c.pat) {
				c.errcode = errCAtEnd
				return escChar, 0
			}
			v := uint32(c.pat[ptr])
			if v > 127 {
				c.errcode = errCNotASCII
				return escChar, 0
			}
			if v >= 'a' && v <= 'z' {
				v -= 32
			}
			return escChar, v ^ 0x40
		default:
			if opts&optExtra != 0 {
				c.errcode = errUnrecognizedEscape
			}
			return escChar, ch
		}
		return escChar, ch
	}

	if esc == escN && c.at(ptr+1) == '{' && !c.isCountedRepeat(ptr+2) {
		c.errcode = errUnsupportedEscape
	}
	return esc, 0
}

const maxInt = int(^uint(0) >> 1)

// escapeG handles \g: a numbered or named back reference, or (with < or ')
// an Oniguruma subroutine call.
func (c *compiler) escapeG(pptr *int, isClass bool) (escKind, uint32) {
	ptr := *pptr
	defer func() { *pptr = ptr }()
	if isClass {
		return escChar, 'g'
	}
	if c.at(ptr+1) == '<' || c.at(ptr+1) == '\'' {
		return escg, 0
	}
	braced := false
	if c.at(ptr+1) == '{' {
		p := ptr + 2
		for ; p < len(c.pat) && c.pat[p] != '}'; p++ {
			if c.pat[p] != '-' && !isDigit(c.pat[p]) {
				break
			}
		}
		if p < len(c.pat) && c.pat[p] != '}' {
			return esck, 0
		}
		braced = true
		ptr++
	}
	negated := false
	if c.at(ptr+1) == '-' {
		negated = true
		ptr++
	}
	s := 0
	for isDigit(c.at(ptr + 1)) {
		if s > maxInt/10-1 {
			for isDigit(c.at(ptr + 1)) {
				ptr++
			}
			c.errcode = errNumberTooBig
			return escChar, 0
		}
		ptr++
		s = s*10 + int(c.pat[ptr]-'0')
	}
	if braced {
		ptr++
		if c.at(ptr) != '}' {
			c.errcode = errBadGEscape
			return escChar, 0
		}
	}
	if s == 0 {
		c.errcode = errZeroReference
		return escChar, 0
	}
	if negated {
		if s > c.bracount {
			c.errcode = errNoSuchGroup
			return escChar, 0
		}
		s = c.bracount - (s - 1)
	}
	return escRef, uint32(s)
}

// escapeOctal reads up to three octal digits starting with the digit at
// *pptr.
func (c *compiler) escapeOctal(pptr *int, first uint32, utf bool) (escKind, uint32) {
	ptr := *pptr
	v := first - '0'
	for k := 0; k < 2 && c.at(ptr+1) >= '0' && c.at(ptr+1) <= '7'; k++ {
		ptr++
		v = v*8 + uint32(c.pat[ptr]-'0')
	}
	*pptr = ptr
	if !utf && v > 0xff {
		c.errcode = errOctalTooBig
	}
	return escChar, v
}

// escapeBraced reads \o{...} (base 8) or \x{...} (base 16).
func (c *compiler) escapeBraced(pptr *int, utf bool, base uint32) (escKind, uint32) {
	ptr := *pptr
	defer func() { *pptr = ptr }()
	if c.at(ptr+1) != '{' {
		c.errcode = errMissingOBrace
		return escChar, 0
	}
	if c.at(ptr+2) == '}' {
		if base == 16 {
			ptr += 2 // \x{} is reported at the brace, \o{} at the o
		}
		c.errcode = errMissingDigits
		return escChar, 0
	}
	ptr += 2
	digit := func(b byte) bool {
		if base == 8 {
			return b >= '0' && b <= '7'
		}
		return isXdigit(b)
	}
	limit := uint32(0xff)
	if utf {
		limit = 0x10ffff
	}
	var v uint32
	overflow := false
	for digit(c.at(ptr)) {
		d := c.pat[ptr]
		ptr++
		if v == 0 && d == '0' {
			continue
		}
		v = v*base + hexVal(d)
		if v > limit {
			overflow = true
			break
		}
	}
	switch {
	case overflow:
		for digit(c.at(ptr)) {
			ptr++
		}
		c.errcode = errCharTooBig
	case c.at(ptr) == '}':
		if utf && v >= 0xd800 && v <= 0xdfff {
			c.errcode = errSurrogate
		}
	default:
		if base == 8 {
			c.errcode = errOctalBrace
		} else {
			c.errcode = errHexBrace
		}
	}
	return escChar, v
}
