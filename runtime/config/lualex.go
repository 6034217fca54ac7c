package config

// The token kinds lua-nginx-module's block lexer recognises inside a
// *_by_lua_block. Their order is the lexer's priority order when two of
// them match at the same place.
const (
	luaLeftCurly    = iota // {
	luaRightCurly          // }
	luaLongString          // [=*[  (opening of a long string)
	luaLongComment         // --[=*[  (opening of a long comment)
	luaLongClose           // ]=*]  (a stray closing long bracket)
	luaLineComment         // --[^\n]*
	luaDoubleQuoted        // "(?:\\[^\n]|[^"\n\\])*"
	luaSingleQuoted        // '(?:\\[^\n]|[^'\n\\])*'
	luaNoMatch      = -1
)

// luaLex finds the leftmost token in b, as ngx_http_lua_lex does: the
// earliest position where any token matches wins, and at one position the
// kinds are tried in the order above. It returns the kind and the token's
// bounds, or luaNoMatch.
func luaLex(b []byte) (kind, from, to int) {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '{':
			return luaLeftCurly, i, i + 1
		case '}':
			return luaRightCurly, i, i + 1
		case '[':
			if n := longBracket(b[i:], '['); n > 0 {
				return luaLongString, i, i + n
			}
		case '-':
			if i+1 < len(b) && b[i+1] == '-' {
				if n := longBracket(b[i+2:], '['); n > 0 {
					return luaLongComment, i, i + 2 + n
				}
				j := i + 2
				for j < len(b) && b[j] != '\n' {
					j++
				}
				return luaLineComment, i, j
			}
		case ']':
			if n := longBracket(b[i:], ']'); n > 0 {
				return luaLongClose, i, i + n
			}
		case '"', '\'':
			if n := quotedString(b[i:]); n > 0 {
				if b[i] == '"' {
					return luaDoubleQuoted, i, i + n
				}
				return luaSingleQuoted, i, i + n
			}
		}
	}
	return luaNoMatch, 0, 0
}

// longBracket matches "[=*[" (or "]=*]" with br == ']') at the start of b
// and returns its length, or 0.
func longBracket(b []byte, br byte) int {
	if len(b) == 0 || b[0] != br {
		return 0
	}
	j := 1
	for j < len(b) && b[j] == '=' {
		j++
	}
	if j < len(b) && b[j] == br {
		return j + 1
	}
	return 0
}

// quotedString matches a one-line quoted string at the start of b: a
// backslash escapes any byte but a newline, and the string may not span
// lines. It returns the length including both quotes, or 0.
func quotedString(b []byte) int {
	q := b[0]
	for j := 1; j < len(b); j++ {
		switch b[j] {
		case q:
			return j + 1
		case '\n':
			return 0
		case '\\':
			if j+1 >= len(b) || b[j+1] == '\n' {
				return 0
			}
			j++
		}
	}
	return 0
}
