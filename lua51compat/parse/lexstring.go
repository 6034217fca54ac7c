package parse

// longString reads a long string or comment after "[" + "="*sep, the current
// character being the second '['.
func (l *lexer) longString(sep int, keep bool) string {
	l.next()
	if l.isEOL() {
		l.newline()
	}
	start := l.p
	b := l.buf[:0]
	simple := true // no newline to normalise so far
	for {
		switch l.c {
		case -1:
			if keep {
				l.fail(tkEOF, errLongStr)
			}
			l.fail(tkEOF, errLongCom)
		case ']':
			end := l.p
			if l.skipEq() == sep {
				l.next()
				if !keep {
					return ""
				}
				var s string
				if simple {
					s = l.src[start:end]
				} else {
					b = append(b, l.src[start:end]...)
					s = string(b)
				}
				l.buf = b[:0]
				l.sbTok, l.sbVal, l.sbLong = tkString, s, sep
				return s
			}
		case '\n', '\r':
			if keep {
				b = append(b, l.src[start:l.p]...)
				b = append(b, '\n')
			}
			simple = false
			l.newline()
			start = l.p
		default:
			l.next()
		}
	}
}

// quotedString reads a '...' or "..." string with LuaJIT 2.1's escapes.
func (l *lexer) quotedString() string {
	delim := l.c
	l.sbDelim, l.sbLong = byte(delim), -1
	l.next()
	start := l.p
	// Fast path: no escapes, the value is a slice of the source.
	for l.c != delim && l.c != '\\' && l.c != '\n' && l.c != '\r' && l.c >= 0 {
		l.next()
	}
	if l.c == delim {
		s := l.src[start:l.p]
		l.next()
		l.sbTok, l.sbVal = tkString, s
		return s
	}
	b := append(l.buf[:0], l.src[start:l.p]...)
	for l.c != delim {
		switch l.c {
		case -1:
			l.fail(tkEOF, errString)
		case '\n', '\r':
			l.stringError(b, errString)
		case '\\':
			b = l.escape(b)
		default:
			b = append(b, byte(l.c))
			l.next()
		}
	}
	l.next()
	s := string(b)
	l.buf = b[:0]
	l.sbTok, l.sbVal = tkString, s
	return s
}

// stringError reports an error inside a quoted string; LuaJIT quotes the
// opening delimiter and the value read so far.
func (l *lexer) stringError(b []byte, msg string) {
	l.sbTok = sbRaw
	l.sbVal = string([]byte{l.sbDelim}) + string(b)
	l.fail(tkString, msg)
}

// escape handles one backslash sequence, the current character being '\'.
func (l *lexer) escape(b []byte) []byte {
	c := l.next()
	switch c {
	case 'a':
		c = '\a'
	case 'b':
		c = '\b'
	case 'f':
		c = '\f'
	case 'n':
		c = '\n'
	case 'r':
		c = '\r'
	case 't':
		c = '\t'
	case 'v':
		c = '\v'
	case 'x':
		hi, lo := l.next(), 0
		if !isXDigit(hi) {
			l.stringError(b, errEscape)
		}
		lo = l.next()
		if !isXDigit(lo) {
			l.stringError(b, errEscape)
		}
		c = hexVal(hi)<<4 | hexVal(lo)
	case 'u':
		return l.unicodeEscape(b)
	case 'z':
		l.next()
		for isSpace(l.c) {
			if l.isEOL() {
				l.newline()
			} else {
				l.next()
			}
		}
		return b
	case '\n', '\r':
		l.newline()
		return append(b, '\n')
	case '\\', '"', '\'':
	case -1:
		return b // the caller reports the unfinished string
	default:
		if !isDigit(c) {
			l.stringError(b, errEscape)
		}
		c -= '0'
		if isDigit(l.next()) {
			c = c*10 + l.c - '0'
			if isDigit(l.next()) {
				c = c*10 + l.c - '0'
				if c > 255 {
					l.stringError(b, errEscape)
				}
				l.next()
			}
		}
		return append(b, byte(c))
	}
	l.next()
	return append(b, byte(c))
}

// unicodeEscape handles \u{XXX}, the current character being 'u'.
func (l *lexer) unicodeEscape(b []byte) []byte {
	if l.next() != '{' {
		l.stringError(b, errEscape)
	}
	l.next()
	r := 0
	for {
		if !isXDigit(l.c) {
			l.stringError(b, errEscape)
		}
		r = r<<4 | hexVal(l.c)
		if r >= 0x110000 {
			l.stringError(b, errEscape)
		}
		if l.next() == '}' {
			break
		}
	}
	switch {
	case r < 0x80:
		b = append(b, byte(r))
	case r < 0x800:
		b = append(b, byte(0xc0|r>>6), byte(0x80|r&0x3f))
	case r < 0x10000:
		if r >= 0xd800 && r < 0xe000 {
			l.stringError(b, errEscape)
		}
		b = append(b, byte(0xe0|r>>12), byte(0x80|(r>>6)&0x3f), byte(0x80|r&0x3f))
	default:
		b = append(b, byte(0xf0|r>>18), byte(0x80|(r>>12)&0x3f), byte(0x80|(r>>6)&0x3f), byte(0x80|r&0x3f))
	}
	l.next()
	return b
}

func hexVal(c int) int {
	if c <= '9' {
		return c - '0'
	}
	return c | 0x20 - 'a' + 10
}
