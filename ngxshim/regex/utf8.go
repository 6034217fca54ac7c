package regex

// UTF-8 handling as PCRE does it: subjects are validated once before
// matching (unless the caller says they are valid), then decoded without
// further checks. Decoding here never reads past the end of the string, so
// an invalid subject passed with the no-check option gives wrong answers,
// not a crash.

// decode returns the character at s[i] and its length in bytes.
func decode(s string, i int) (uint32, int) {
	c := uint32(s[i])
	if c < 0xc0 {
		return c, 1
	}
	var n int
	switch {
	case c < 0xe0:
		n, c = 1, c&0x1f
	case c < 0xf0:
		n, c = 2, c&0x0f
	case c < 0xf8:
		n, c = 3, c&0x07
	case c < 0xfc:
		n, c = 4, c&0x03
	default:
		n, c = 5, c&0x01
	}
	if i+n >= len(s) {
		n = len(s) - 1 - i
	}
	for k := 1; k <= n; k++ {
		c = c<<6 | uint32(s[i+k]&0x3f)
	}
	return c, n + 1
}

// decodeString decodes the pattern character at p[i].
func decodeString(p string, i int) (uint32, int) { return decode(p, i) }

// isContinuation reports whether b is a UTF-8 continuation byte.
func isContinuation(b byte) bool { return b&0xc0 == 0x80 }

// backChar moves i back to the start of the UTF-8 character containing
// s[i].
func backChar(s string, i int) int {
	for i > 0 && isContinuation(s[i]) {
		i--
	}
	return i
}

// encodeUTF8 appends the UTF-8 form of c (PCRE allows up to 0x7fffffff in
// principle; only values up to 0x10ffff reach here).
func encodeUTF8(dst []byte, c uint32) []byte {
	switch {
	case c < 0x80:
		return append(dst, byte(c))
	case c < 0x800:
		return append(dst, byte(0xc0|c>>6), byte(0x80|c&0x3f))
	case c < 0x10000:
		return append(dst, byte(0xe0|c>>12), byte(0x80|(c>>6)&0x3f), byte(0x80|c&0x3f))
	default:
		return append(dst, byte(0xf0|c>>18), byte(0x80|(c>>12)&0x3f), byte(0x80|(c>>6)&0x3f), byte(0x80|c&0x3f))
	}
}

// validUTF8 checks s as PCRE's valid_utf does and returns 0 or a positive
// error number with the offset of the bad character.
func validUTF8(s string) (errcode, offset int) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < 0x80 {
			i++
			continue
		}
		if c < 0xc0 {
			return 20, i // isolated continuation byte
		}
		if c >= 0xfe {
			return 21, i
		}
		var ab int
		switch {
		case c < 0xe0:
			ab = 1
		case c < 0xf0:
			ab = 2
		case c < 0xf8:
			ab = 3
		case c < 0xfc:
			ab = 4
		default:
			ab = 5
		}
		if len(s)-i-1 < ab {
			return ab, i // truncated character
		}
		for k := 1; k <= ab; k++ {
			if !isContinuation(s[i+k]) {
				return 6 + k - 1, i
			}
		}
		switch ab {
		case 1:
			if c&0x3e == 0 {
				return 15, i // overlong
			}
		case 2:
			d := uint32(c&0x0f)<<12 | uint32(s[i+1]&0x3f)<<6 | uint32(s[i+2]&0x3f)
			if c == 0xe0 && s[i+1]&0x20 == 0 {
				return 16, i
			}
			if d >= 0xd800 && d <= 0xdfff {
				return 14, i
			}
		case 3:
			d := uint32(c&0x07)<<18 | uint32(s[i+1]&0x3f)<<12 | uint32(s[i+2]&0x3f)<<6 | uint32(s[i+3]&0x3f)
			if c == 0xf0 && s[i+1]&0x30 == 0 {
				return 17, i
			}
			if d > 0x10ffff {
				return 13, i
			}
		default:
			return 11 + ab - 4, i // 5- and 6-byte forms are not allowed
		}
		i += ab + 1
	}
	return 0, 0
}
