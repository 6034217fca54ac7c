package parse

import "strings"

// Lexer error texts, as LuaJIT's lj_errmsg.h words them.
const (
	errNumber  = "malformed number"
	errLongStr = "unfinished long string"
	errLongCom = "unfinished long comment"
	errString  = "unfinished string"
	errEscape  = "invalid escape sequence"
	errDelim   = "invalid long string delimiter"
)

// sbRaw marks a token buffer whose text is stored verbatim in sbVal.
const sbRaw = tkName

// lexer is a port of LuaJIT's lexer state machine: the current token, an
// optional lookahead token, and the line counters LuaJIT reports in error
// messages. LuaJIT's linenumber is the line the scanner has reached, which is
// where the last scanned token ends; lastline is linenumber as it was before
// the current token was fetched. Both drive LuaJIT's error lines and its
// "ambiguous syntax" check, so they are kept exactly.
type lexer struct {
	src  string
	p    int // index of the current character c
	c    int // current character, -1 at the end of input
	line int // LuaJIT's ls->linenumber

	lastline int

	tok     token
	val     string  // name or string value, or the literal text of a number
	num     float64 // value of a number token
	tokLine int     // line where the current token starts (gopher-lua's token line)

	hasAhead  bool
	ahead     token
	aheadVal  string
	aheadNum  float64
	aheadLine int

	// What LuaJIT's token buffer holds for the last scanned token; error
	// messages quote it for names, strings and numbers.
	sbTok   token
	sbVal   string
	sbLong  int // long bracket level of a long string, -1 for a quoted one
	sbDelim byte

	buf []byte // scratch buffer for strings with escapes

	source string // shortened chunk name for messages
}

func (l *lexer) init(src, source string) {
	l.src = src
	l.source = source
	l.line = 1
	l.lastline = 1
	l.p = -1
	l.next()
}

// next advances to the next input character.
func (l *lexer) next() int {
	l.p++
	if l.p < len(l.src) {
		l.c = int(l.src[l.p])
	} else {
		l.p = len(l.src)
		l.c = -1
	}
	return l.c
}

func (l *lexer) isEOL() bool { return l.c == '\n' || l.c == '\r' }

// newline skips "\n", "\r", "\r\n" or "\n\r" and counts one line.
func (l *lexer) newline() {
	old := l.c
	l.next()
	if l.isEOL() && l.c != old {
		l.next()
	}
	l.line++
}

// skipHeader skips a UTF-8 BOM and a "#" first line as LuaJIT's lj_lex_setup
// does. It reports whether the remaining input starts with a bytecode
// signature and whether any header was skipped.
func (l *lexer) skipHeader() (bytecode, header bool) {
	if strings.HasPrefix(l.src, "\xef\xbb\xbf") {
		l.p = 2
		l.next()
		header = true
	}
	if l.c == '#' {
		for {
			l.next()
			if l.c < 0 {
				return false, true
			}
			if l.isEOL() {
				break
			}
		}
		l.newline()
		header = true
	}
	return l.c == 0x1b, header
}

// fail raises a syntax error at the lexer's current line. tok selects the
// "near" part: none for 0, the token buffer for names, strings and numbers,
// the token's name otherwise.
func (l *lexer) fail(tok token, msg string) {
	e := &SyntaxError{Source: l.source, Line: l.line, Message: msg}
	switch tok {
	case 0:
	case tkName, tkString, tkNumber:
		e.Near, e.HasNear = cstring(l.sbText()), true
	default:
		e.Near, e.HasNear = tok.String(), true
	}
	panic(e)
}

// sbText rebuilds what LuaJIT's token buffer holds after the last scan.
func (l *lexer) sbText() string {
	switch l.sbTok {
	case tkString:
		if l.sbLong >= 0 {
			eq := strings.Repeat("=", l.sbLong)
			return "[" + eq + "[" + l.sbVal + "]" + eq + "]"
		}
		d := string([]byte{l.sbDelim})
		return d + l.sbVal + d
	case '.', tkConcat, tkDots:
		return "."
	case '[':
		return "["
	}
	return l.sbVal
}

// nextToken makes the lookahead (or a freshly scanned token) current.
func (l *lexer) nextToken() {
	l.lastline = l.line
	if l.hasAhead {
		l.hasAhead = false
		l.tok, l.val, l.num, l.tokLine = l.ahead, l.aheadVal, l.aheadNum, l.aheadLine
		return
	}
	l.tok, l.val, l.num, l.tokLine = l.scan()
}

// lookahead scans the token after the current one without consuming it.
func (l *lexer) lookahead() token {
	l.ahead, l.aheadVal, l.aheadNum, l.aheadLine = l.scan()
	l.hasAhead = true
	return l.ahead
}

// scan reads the next token and returns it with its value and start line.
func (l *lexer) scan() (token, string, float64, int) {
	l.sbTok, l.sbVal = 0, ""
	for {
		c := l.c
		if isIdent(c) {
			line := l.line
			start := l.p
			if isDigit(c) {
				v := l.number(start)
				return tkNumber, l.src[start:l.p], v, line
			}
			for isIdent(l.next()) {
			}
			name := l.src[start:l.p]
			l.sbTok, l.sbVal = tkName, name
			if t := keyword(name); t != 0 {
				return t, name, 0, line
			}
			return tkName, name, 0, line
		}
		switch c {
		case '\n', '\r':
			l.newline()
			continue
		case ' ', '\t', '\v', '\f':
			l.next()
			continue
		case '-':
			if l.next() != '-' {
				return '-', "", 0, l.line
			}
			l.next()
			if l.c == '[' {
				if sep := l.skipEq(); sep >= 0 {
					l.longString(sep, false)
					continue
				}
			}
			for !l.isEOL() && l.c >= 0 {
				l.next()
			}
			continue
		case '[':
			line := l.line
			sep := l.skipEq()
			if sep >= 0 {
				return tkString, l.longString(sep, true), 0, line
			}
			if sep == -1 {
				l.sbTok = '['
				return '[', "", 0, line
			}
			l.sbTok, l.sbVal = sbRaw, "["+strings.Repeat("=", -sep-1)
			l.fail(tkString, errDelim)
		case '=':
			if l.next() != '=' {
				return '=', "", 0, l.line
			}
			l.next()
			return tkEq, "", 0, l.line
		case '<':
			if l.next() != '=' {
				return '<', "", 0, l.line
			}
			l.next()
			return tkLe, "", 0, l.line
		case '>':
			if l.next() != '=' {
				return '>', "", 0, l.line
			}
			l.next()
			return tkGe, "", 0, l.line
		case '~':
			if l.next() != '=' {
				return '~', "", 0, l.line
			}
			l.next()
			return tkNe, "", 0, l.line
		case ':':
			if l.next() != ':' {
				return ':', "", 0, l.line
			}
			l.next()
			return tkLabel, "", 0, l.line
		case '"', '\'':
			line := l.line
			return tkString, l.quotedString(), 0, line
		case '.':
			line := l.line
			start := l.p
			l.sbTok = '.'
			if l.next() == '.' {
				if l.next() == '.' {
					l.next()
					return tkDots, "", 0, line
				}
				return tkConcat, "", 0, line
			}
			if !isDigit(l.c) {
				return '.', "", 0, line
			}
			v := l.number(start)
			return tkNumber, l.src[start:l.p], v, line
		case -1:
			return tkEOF, "", 0, l.line
		default:
			l.next()
			return token(c), "", 0, l.line
		}
	}
}

// keyword returns the token of a reserved word, or 0. A switch is
// cheaper than a map lookup for every name.
func keyword(s string) token {
	if len(s) < 2 || len(s) > 8 || s[0] < 'a' || s[0] > 'w' {
		return 0
	}
	switch s {
	case "and":
		return tkAnd
	case "break":
		return tkBreak
	case "do":
		return tkDo
	case "else":
		return tkElse
	case "elseif":
		return tkElseif
	case "end":
		return tkEnd
	case "false":
		return tkFalse
	case "for":
		return tkFor
	case "function":
		return tkFunction
	case "goto":
		return tkGoto
	case "if":
		return tkIf
	case "in":
		return tkIn
	case "local":
		return tkLocal
	case "nil":
		return tkNil
	case "not":
		return tkNot
	case "or":
		return tkOr
	case "repeat":
		return tkRepeat
	case "return":
		return tkReturn
	case "then":
		return tkThen
	case "true":
		return tkTrue
	case "until":
		return tkUntil
	case "while":
		return tkWhile
	}
	return 0
}

// number scans a numeric literal starting at index start (a digit, or the
// '.' before one) with LuaJIT's rules: the lexer swallows every identifier
// character, dots, and a sign right after an exponent letter, then the whole
// text must be a valid number.
func (l *lexer) number(start int) float64 {
	xp := 'e'
	prev := l.c
	if l.c == '0' {
		if l.next()|0x20 == 'x' {
			xp = 'p'
		}
	}
	for isIdent(l.c) || l.c == '.' || ((l.c == '-' || l.c == '+') && rune(prev|0x20) == xp) {
		prev = l.c
		l.next()
	}
	text := l.src[start:l.p]
	l.sbTok, l.sbVal = tkNumber, text
	v, ok := scanNumber(text)
	if !ok {
		l.fail(tkNumber, errNumber)
	}
	return v
}

// skipEq counts the '=' of a long bracket starting at the current '[' or
// ']'. It returns the level, -1 when the bracket is a lone '[' or ']', and
// -(level)-1 when the '='s are not followed by the same bracket.
func (l *lexer) skipEq() int {
	s := l.c
	count := 0
	for l.next() == '=' {
		count++
	}
	if l.c == s {
		return count
	}
	return -count - 1
}
