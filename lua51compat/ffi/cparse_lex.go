package ffi

import (
	"strconv"
)

// The lexer of ffi.cdef and of the type strings given to ffi.new, ffi.cast
// and friends: identifiers, integer and character constants, strings,
// comments, backslash-newline splicing and the operators of constant
// expressions. Errors carry LuaJIT's wording: "'X' expected near 'Y'",
// with " at line N" after the first line.

// Token numbers above 255; single characters are their own token.
const (
	tokIdent = 256 + iota
	tokString
	tokInteger
	tokEOF
	tokOrOr
	tokAndAnd
	tokEq
	tokNe
	tokLe
	tokGe
	tokShl
	tokShr
	tokDeref
	// Keywords, in LuaJIT's order: the declaration specifiers first.
	tokVoid
	tokBool
	tokChar
	tokInt
	tokFP
	tokLong
	tokLongLong
	tokShort
	tokComplex
	tokSigned
	tokUnsigned
	tokConst
	tokVolatile
	tokRestrict
	tokInline
	tokTypedef
	tokExtern
	tokStatic
	tokAuto
	tokRegister
	tokExtension
	tokAsm
	tokAttribute
	tokDeclspec
	tokCCDecl
	tokPtrSize
	tokStruct
	tokUnion
	tokEnum
	tokSizeof
	tokAlignof
	tokParam // '$' with a ctype parameter
)

const (
	tokFirstDecl     = tokVoid
	tokFirstSCL      = tokTypedef
	tokLastDeclFlag  = tokRegister
	tokLastDecl      = tokEnum
	tokFirstKeywords = tokVoid
)

var tokNames = map[int]string{
	tokIdent: "<identifier>", tokString: "<string>", tokInteger: "<integer>", tokEOF: "<eof>",
	tokOrOr: "||", tokAndAnd: "&&", tokEq: "==", tokNe: "!=", tokLe: "<=", tokGe: ">=",
	tokShl: "<<", tokShr: ">>", tokDeref: "->",
}

// keyword is a reserved word: its token and the size it implies.
type keyword struct {
	tok  int
	size int64
}

var keywords = map[string]keyword{
	"void": {tokVoid, -1}, "_Bool": {tokBool, 0}, "bool": {tokBool, 1},
	"char": {tokChar, 1}, "int": {tokInt, 4},
	"__int8": {tokInt, 1}, "__int16": {tokInt, 2}, "__int32": {tokInt, 4}, "__int64": {tokInt, 8},
	"float": {tokFP, 4}, "double": {tokFP, 8},
	"long": {tokLong, 0}, "short": {tokShort, 0},
	"_Complex": {tokComplex, 0}, "complex": {tokComplex, 0}, "__complex": {tokComplex, 0}, "__complex__": {tokComplex, 0},
	"signed": {tokSigned, 0}, "__signed": {tokSigned, 0}, "__signed__": {tokSigned, 0},
	"unsigned": {tokUnsigned, 0},
	"const":    {tokConst, 0}, "__const": {tokConst, 0}, "__const__": {tokConst, 0},
	"volatile": {tokVolatile, 0}, "__volatile": {tokVolatile, 0}, "__volatile__": {tokVolatile, 0},
	"restrict": {tokRestrict, 0}, "__restrict": {tokRestrict, 0}, "__restrict__": {tokRestrict, 0},
	"inline": {tokInline, 0}, "__inline": {tokInline, 0}, "__inline__": {tokInline, 0},
	"typedef": {tokTypedef, 0}, "extern": {tokExtern, 0}, "static": {tokStatic, 0},
	"auto": {tokAuto, 0}, "register": {tokRegister, 0},
	"__extension__": {tokExtension, 0},
	"__attribute":   {tokAttribute, 0}, "__attribute__": {tokAttribute, 0},
	"asm": {tokAsm, 0}, "__asm": {tokAsm, 0}, "__asm__": {tokAsm, 0},
	"__declspec": {tokDeclspec, 0},
	"__cdecl":    {tokCCDecl, 0}, "__thiscall": {tokCCDecl, 0}, "__fastcall": {tokCCDecl, 0}, "__stdcall": {tokCCDecl, 0},
	"__ptr32": {tokPtrSize, 4}, "__ptr64": {tokPtrSize, 8},
	"struct": {tokStruct, 0}, "union": {tokUnion, 0}, "enum": {tokEnum, 0},
	"sizeof": {tokSizeof, 0}, "__alignof": {tokAlignof, 0}, "__alignof__": {tokAlignof, 0},
}

// parseError is a C declaration error, already worded as LuaJIT words it.
type parseError struct{ msg string }

func (e *parseError) Error() string { return e.msg }

// lexer state, embedded in the parser.
type lexer struct {
	src    string
	pos    int
	c      int // current character, 0 at the end
	line   int
	tok    int
	text   []byte // raw text of the current token (for "near" in errors)
	str    string // identifier name or string contents
	ival   uint32 // integer constant value
	iunsig bool   // integer constant is unsigned
	kwSize int64  // size implied by the current keyword
	skip   bool   // skipping a function body: bad numbers are fine
}

func (lx *lexer) init(src string) {
	lx.src = src
	lx.line = 1
	lx.pos = 0
	lx.get()
}

// get reads the next character, joining lines split by backslash-newline.
func (lx *lexer) get() int {
	for {
		if lx.pos >= len(lx.src) {
			lx.c = 0
			lx.pos = len(lx.src) + 1
			return 0
		}
		c := int(lx.src[lx.pos])
		lx.pos++
		if c == 0 {
			// An embedded NUL ends the input as it does for LuaJIT's C strings.
			lx.c = 0
			lx.pos = len(lx.src) + 1
			return 0
		}
		if c == '\\' && lx.pos < len(lx.src) && isEOL(lx.src[lx.pos]) {
			c1 := lx.src[lx.pos]
			lx.pos++
			if lx.pos < len(lx.src) && isEOL(lx.src[lx.pos]) && lx.src[lx.pos] != c1 {
				lx.pos++
			}
			lx.line++
			continue
		}
		lx.c = c
		return c
	}
}

func (lx *lexer) peekRaw() byte {
	if lx.pos < len(lx.src) {
		return lx.src[lx.pos]
	}
	return 0
}

func isEOL(c byte) bool { return c == '\n' || c == '\r' }

func isIdentChar(c int) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c >= 0x80
}

func isDigit(c int) bool  { return c >= '0' && c <= '9' }
func isXDigit(c int) bool { return isDigit(c) || c|0x20 >= 'a' && c|0x20 <= 'f' }

func (lx *lexer) newline() {
	if c := lx.peekRaw(); isEOL(c) && int(c) != lx.c {
		lx.pos++
	}
	lx.line++
}

// fail raises a parse error: msg, then "near 'token'" when tok is not 0,
// then the line when it is past the first.
func (lx *lexer) fail(tok int, msg string) {
	if tok != 0 {
		var ts string
		switch {
		case tok == tokIdent || tok == tokInteger || tok == tokString || tok >= tokFirstKeywords && tok != tokParam:
			ts = string(lx.text)
			if ts == "" {
				ts = "$"
			}
		default:
			ts = tokString2(tok)
		}
		msg += " near '" + ts + "'"
	}
	if lx.line > 1 {
		msg += " at line " + strconv.Itoa(lx.line)
	}
	panic(&parseError{msg: msg})
}

// tokString2 is the printed form of a non-word token.
func tokString2(tok int) string {
	if s, ok := tokNames[tok]; ok {
		return s
	}
	if tok == tokParam {
		return "$"
	}
	if tok < 32 || tok == 127 {
		return "char(" + strconv.Itoa(tok) + ")"
	}
	return string(rune(tok))
}

// expected raises "'want' expected near <current token>".
func (lx *lexer) expected(want int) {
	lx.fail(lx.tok, "'"+tokString2(want)+"' expected")
}

// number scans an integer constant; only int32/uint32 values are allowed,
// as in LuaJIT.
func (lx *lexer) number() int {
	for {
		lx.text = append(lx.text, byte(lx.c))
		if !isIdentChar(lx.get()) {
			break
		}
	}
	v, unsigned, ok := scanCInt(string(lx.text))
	if !ok && !lx.skip {
		lx.fail(tokInteger, "malformed number")
	}
	lx.ival = v
	lx.iunsig = unsigned
	return tokInteger
}

// scanCInt parses a C integer constant (decimal, octal, hex or binary,
// with an optional U suffix) as LuaJIT's lexer does: only values that fit
// in 32 bits are allowed, and L/LL suffixes are rejected. The result is
// unsigned when it has a U suffix or does not fit in int32_t.
func scanCInt(s string) (uint32, bool, bool) {
	base := 10
	t := s
	switch {
	case len(t) > 2 && t[0] == '0' && (t[1]|0x20) == 'x':
		base, t = 16, t[2:]
	case len(t) > 2 && t[0] == '0' && (t[1]|0x20) == 'b':
		base, t = 2, t[2:]
	case len(t) > 1 && t[0] == '0':
		base, t = 8, t[1:]
	}
	unsigned := false
	if n := len(t); n > 0 && t[n-1]|0x20 == 'u' {
		unsigned = true
		t = t[:n-1]
	}
	if t == "" {
		return 0, false, false
	}
	v, err := strconv.ParseUint(t, base, 64)
	if err != nil || v > 0xffffffff {
		return 0, false, false
	}
	if v > 0x7fffffff {
		unsigned = true
	}
	return uint32(v), unsigned, true
}

// ident scans an identifier or keyword.
func (lx *lexer) ident() int {
	for {
		lx.text = append(lx.text, byte(lx.c))
		if !isIdentChar(lx.get()) {
			break
		}
	}
	lx.str = string(lx.text)
	if kw, ok := keywords[lx.str]; ok {
		lx.kwSize = kw.size
		return kw.tok
	}
	return tokIdent
}

// stringLit scans a string or character constant with C escapes.
func (lx *lexer) stringLit() int {
	delim := lx.c
	lx.get()
	for lx.c != delim {
		c := lx.c
		if c == 0 {
			lx.fail(tokEOF, "unfinished string")
		}
		if c == '\\' {
			c = lx.get()
			switch c {
			case 0:
				lx.fail(tokEOF, "unfinished string")
			case 'a':
				c = 7
			case 'b':
				c = 8
			case 'f':
				c = 12
			case 'n':
				c = 10
			case 'r':
				c = 13
			case 't':
				c = 9
			case 'v':
				c = 11
			case 'e':
				c = 27
			case 'x':
				c = 0
				for isXDigit(lx.get()) {
					d := lx.c - '0'
					if !isDigit(lx.c) {
						d = lx.c&15 + 9
					}
					c = c<<4 + d
				}
				lx.text = append(lx.text, byte(c))
				continue
			default:
				if isDigit(c) {
					c -= '0'
					if isDigit(lx.get()) {
						c = c*8 + lx.c - '0'
						if isDigit(lx.get()) {
							c = c*8 + lx.c - '0'
							lx.get()
						}
					}
					lx.text = append(lx.text, byte(c))
					continue
				}
			}
		}
		lx.text = append(lx.text, byte(c))
		lx.get()
	}
	lx.get()
	if delim == '"' {
		lx.str = string(lx.text)
		return tokString
	}
	if len(lx.text) != 1 {
		lx.tok = tokString
		lx.expected('\'')
	}
	lx.ival = uint32(int32(int8(lx.text[0])))
	lx.iunsig = false
	return tokInteger
}

func (lx *lexer) commentC() {
	for {
		if lx.get() == '*' {
			for {
				if lx.get() == '/' {
					lx.get()
					return
				}
				if lx.c != '*' {
					break
				}
			}
		}
		if lx.c < 256 && isEOL(byte(lx.c)) {
			lx.newline()
		}
		if lx.c == 0 {
			return
		}
	}
}

func (lx *lexer) commentCPP() {
	for {
		c := lx.get()
		if c == 0 || c < 256 && isEOL(byte(c)) {
			return
		}
	}
}

// scan reads the next token.
func (lx *lexer) scan() int {
	lx.text = lx.text[:0]
	for {
		c := lx.c
		if isIdentChar(c) {
			if isDigit(c) {
				return lx.number()
			}
			return lx.ident()
		}
		switch c {
		case '\n', '\r':
			lx.newline()
			lx.get()
		case ' ', '\t', '\v', '\f':
			lx.get()
		case '"', '\'':
			return lx.stringLit()
		case '/':
			if lx.get() == '*' {
				lx.commentC()
			} else if lx.c == '/' {
				lx.commentCPP()
			} else {
				return '/'
			}
		case '|':
			if lx.get() != '|' {
				return '|'
			}
			lx.get()
			return tokOrOr
		case '&':
			if lx.get() != '&' {
				return '&'
			}
			lx.get()
			return tokAndAnd
		case '=':
			if lx.get() != '=' {
				return '='
			}
			lx.get()
			return tokEq
		case '!':
			if lx.get() != '=' {
				return '!'
			}
			lx.get()
			return tokNe
		case '<':
			if lx.get() == '=' {
				lx.get()
				return tokLe
			} else if lx.c == '<' {
				lx.get()
				return tokShl
			}
			return '<'
		case '>':
			if lx.get() == '=' {
				lx.get()
				return tokGe
			} else if lx.c == '>' {
				lx.get()
				return tokShr
			}
			return '>'
		case '-':
			if lx.get() != '>' {
				return '-'
			}
			lx.get()
			return tokDeref
		case 0:
			return tokEOF
		default:
			lx.get()
			return c
		}
	}
}
