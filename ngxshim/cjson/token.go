package cjson

import "strings"

// tokenType is a token of lua-cjson's JSON lexer; parse errors name
// tokens by these names ("Expected value but found T_END ...").
type tokenType uint8

const (
	tObjBegin tokenType = iota
	tObjEnd
	tArrBegin
	tArrEnd
	tString
	tNumber
	tBoolean
	tNull
	tColon
	tComma
	tEnd
	tError
)

var tokenNames = [...]string{
	tObjBegin: "T_OBJ_BEGIN",
	tObjEnd:   "T_OBJ_END",
	tArrBegin: "T_ARR_BEGIN",
	tArrEnd:   "T_ARR_END",
	tString:   "T_STRING",
	tNumber:   "T_NUMBER",
	tBoolean:  "T_BOOLEAN",
	tNull:     "T_NULL",
	tColon:    "T_COLON",
	tComma:    "T_COMMA",
	tEnd:      "T_END",
	tError:    "T_ERROR",
}

// token is one lexed token. A string's contents are in decoder.str.
type token struct {
	typ tokenType
	// index is where the token starts (for tError, where the problem is),
	// counted from 0.
	index int
	num   float64
	b     bool
	// err says what was found instead of a token ("invalid number").
	err string
}

// setError makes tok an error token at index i.
func (tok *token) setError(i int, what string) {
	tok.typ, tok.index, tok.err = tError, i, what
}

// next lexes the token at d.pos into tok and advances past it; an error
// token leaves d.pos where the problem is.
func (d *decoder) next(tok *token) {
	s, i := d.s, d.pos
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	d.pos, tok.index = i, i
	c := at(s, i)
	switch c {
	case '{':
		tok.typ = tObjBegin
	case '}':
		tok.typ = tObjEnd
	case '[':
		tok.typ = tArrBegin
	case ']':
		tok.typ = tArrEnd
	case ',':
		tok.typ = tComma
	case ':':
		tok.typ = tColon
	case 0:
		// The end of the text, or a NUL byte, which ends a C string.
		tok.typ = tEnd
		return
	case '"':
		d.stringToken(tok)
		return
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		if !d.cfg.decodeInvalidNumbers && isInvalidNumber(s, i) {
			tok.setError(i, "invalid number")
			return
		}
		d.numberToken(tok)
		return
	case 't', 'f', 'n', 'i', 'I', 'N', '+':
		d.wordToken(tok)
		return
	default:
		tok.setError(i, "invalid token")
		return
	}
	d.pos++
}

// wordToken lexes true, false and null, and, when decode_invalid_numbers
// is on, what strtod reads as infinity or NaN and numbers with a '+'.
func (d *decoder) wordToken(tok *token) {
	s, i := d.s, d.pos
	rest := s[i:]
	switch {
	case strings.HasPrefix(rest, "true"):
		tok.typ, tok.b = tBoolean, true
		d.pos += 4
	case strings.HasPrefix(rest, "false"):
		tok.typ, tok.b = tBoolean, false
		d.pos += 5
	case strings.HasPrefix(rest, "null"):
		tok.typ = tNull
		d.pos += 4
	case d.cfg.decodeInvalidNumbers && isInvalidNumber(s, i):
		d.numberToken(tok)
	default:
		tok.setError(i, "invalid token")
	}
}

// isInvalidNumber reports whether the number at s[i] is one JSON forbids
// though strtod reads it: a leading '+', hexadecimal, leading zeros,
// infinity and NaN. Anything else strtod itself accepts or rejects.
func isInvalidNumber(s string, i int) bool {
	switch at(s, i) {
	case '+':
		return true
	case '-':
		i++
	}
	c := at(s, i)
	if c == '0' {
		c2 := at(s, i+1)
		return c2|0x20 == 'x' || isDigit(c2)
	}
	if c <= '9' {
		return false
	}
	return hasPrefixFold(s, i, "inf") || hasPrefixFold(s, i, "nan")
}

// numberToken lexes a number the way strtod reads it.
func (d *decoder) numberToken(tok *token) {
	f, end := strtod(d.s, d.pos)
	if end == d.pos {
		tok.setError(d.pos, "invalid number")
		return
	}
	tok.typ, tok.num = tNumber, f
	d.pos = end
}

// stringToken lexes a string into d.str. Bytes other than the quote, the
// backslash and NUL are taken as they are, control characters and invalid
// UTF-8 included.
func (d *decoder) stringToken(tok *token) {
	s := d.s
	i := d.pos + 1
	str := d.str[:0]
	for {
		start := i
		for i < len(s) && s[i] != '"' && s[i] != '\\' && s[i] != 0 {
			i++
		}
		str = append(str, s[start:i]...)
		switch at(s, i) {
		case '"':
			d.str = str
			d.pos = i + 1
			tok.typ = tString
			return
		case 0:
			d.str = str
			tok.setError(i, "unexpected end of string")
			return
		}
		// A backslash.
		if c := unescape[at(s, i+1)]; c != 0 && c != 'u' {
			str = append(str, c)
			i += 2
			continue
		} else if c == 0 {
			d.str = str
			tok.setError(i, "invalid escape code")
			return
		}
		cp, n := unicodeEscape(s, i)
		if n == 0 {
			d.str = str
			tok.setError(i, "invalid unicode escape code")
			return
		}
		str = appendUTF8(str, cp)
		i += n
	}
}

// unescape maps the character after a backslash to the byte it stands
// for; 'u' starts a \uXXXX escape and 0 marks an invalid escape.
var unescape = [256]byte{
	'"': '"', '\\': '\\', '/': '/', 'b': '\b', 't': '\t', 'n': '\n', 'f': '\f', 'r': '\r', 'u': 'u',
}

// unicodeEscape decodes the \uXXXX escape at s[i] (a surrogate pair being
// two of them) and returns the code point and the escape's length, 0 when
// it is invalid: a bad hex digit, a lone or reversed surrogate.
func unicodeEscape(s string, i int) (rune, int) {
	cp := hex4(s, i+2)
	if cp < 0 {
		return 0, 0
	}
	if cp&0xF800 != 0xD800 {
		return cp, 6
	}
	if cp&0x400 != 0 || at(s, i+6) != '\\' || at(s, i+7) != 'u' {
		return 0, 0
	}
	low := hex4(s, i+8)
	if low < 0 || low&0xFC00 != 0xDC00 {
		return 0, 0
	}
	return ((cp&0x3FF)<<10 | low&0x3FF) + 0x10000, 12
}

// hex4 decodes four hex digits at s[i], -1 when they are not.
func hex4(s string, i int) rune {
	var v rune
	for k := i; k < i+4; k++ {
		c := at(s, k)
		switch {
		case isDigit(c):
			v = v<<4 | rune(c-'0')
		case 'a' <= c|0x20 && c|0x20 <= 'f':
			v = v<<4 | rune(c|0x20-'a'+10)
		default:
			return -1
		}
	}
	return v
}

// appendUTF8 appends the UTF-8 encoding of a code point up to U+10FFFF.
func appendUTF8(b []byte, cp rune) []byte {
	switch {
	case cp <= 0x7F:
		return append(b, byte(cp))
	case cp <= 0x7FF:
		return append(b, byte(cp>>6)|0xC0, byte(cp)&0x3F|0x80)
	case cp <= 0xFFFF:
		return append(b, byte(cp>>12)|0xE0, byte(cp>>6)&0x3F|0x80, byte(cp)&0x3F|0x80)
	}
	return append(b, byte(cp>>18)|0xF0, byte(cp>>12)&0x3F|0x80, byte(cp>>6)&0x3F|0x80, byte(cp)&0x3F|0x80)
}
