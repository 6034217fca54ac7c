package parse

import "strconv"

// token is a lexical token: a byte value for single-character tokens, or one
// of the tk* constants (all above 255) for names, literals, keywords and
// multi-character operators, the same split LuaJIT makes.
type token int

// tkOfs separates single-character tokens (their byte value) from the rest.
const tkOfs token = 256

// The order of the reserved words and symbols follows LuaJIT's token list,
// because tokenNames is indexed by it.
const (
	tkAnd token = tkOfs + 1 + iota
	tkBreak
	tkDo
	tkElse
	tkElseif
	tkEnd
	tkFalse
	tkFor
	tkFunction
	tkGoto
	tkIf
	tkIn
	tkLocal
	tkNil
	tkNot
	tkOr
	tkRepeat
	tkReturn
	tkThen
	tkTrue
	tkUntil
	tkWhile
	tkConcat
	tkDots
	tkEq
	tkGe
	tkLe
	tkNe
	tkLabel
	tkNumber
	tkName
	tkString
	tkEOF
)

var tokenNames = [...]string{
	"and", "break", "do", "else", "elseif", "end", "false", "for", "function",
	"goto", "if", "in", "local", "nil", "not", "or", "repeat", "return", "then",
	"true", "until", "while",
	"..", "...", "==", ">=", "<=", "~=", "::", "<number>", "<name>", "<string>",
	"<eof>",
}

// String renders a token the way LuaJIT's lj_lex_token2str does: the name of
// a multi-character token, the character itself, or char(N) for control
// characters.
func (t token) String() string {
	if t > tkOfs {
		return tokenNames[t-tkOfs-1]
	}
	if t < 32 || t == 127 {
		return "char(" + strconv.Itoa(int(t)) + ")"
	}
	return string([]byte{byte(t)})
}
