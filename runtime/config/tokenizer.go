package config

import "fmt"

// tokenEnd says how the reader stopped, as ngx_conf_read_token's return
// values do.
type tokenEnd int

const (
	// tokenStatement: the words were terminated by ";".
	tokenStatement tokenEnd = iota
	// tokenBlockStart: the words were terminated by "{".
	tokenBlockStart
	// tokenBlockDone: a "}" was read.
	tokenBlockDone
	// tokenFileDone: the text is exhausted.
	tokenFileDone
)

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n'
}

// readToken reads the words of the next statement, with nginx's rules:
// words split by white space, "..." and '...' quoting (a closing quote must
// be followed by a space, ";", "{" or ")"), backslash escapes, "#" comments
// outside words, and "${" kept inside a word so "${var}" survives.
func (s *source) readToken() ([]string, tokenEnd, error) {
	var (
		args                     []string
		found, needSpace         bool
		lastSpace                = true
		sharpComment, variable   bool
		quoted, sQuoted, dQuoted bool
		start                    = s.pos
		startLine                = s.line
	)
	for {
		if s.pos >= s.last {
			if s.offset >= s.size() || s.param {
				if len(args) > 0 || !lastSpace {
					if s.param {
						return nil, 0, s.fail(`unexpected end of parameter, expecting ";"`)
					}
					return nil, 0, s.fail(`unexpected end of file, expecting ";" or "}"`)
				}
				return nil, tokenFileDone, nil
			}
			if s.pos-start == confBufferSize {
				s.line = startLine
				switch {
				case dQuoted:
					return nil, 0, s.fail(`too long parameter, probably missing terminating """ character`)
				case sQuoted:
					return nil, 0, s.fail(`too long parameter, probably missing terminating "'" character`)
				}
				return nil, 0, s.fail(fmt.Sprintf(`too long parameter "%s..." started`, s.data[start:start+10]))
			}
			s.fill(start)
		}

		ch := s.data[s.pos]
		s.pos++

		if ch == '\n' {
			s.line++
			sharpComment = false
		}
		if sharpComment {
			continue
		}
		if quoted {
			quoted = false
			continue
		}

		if needSpace {
			switch {
			case isSpace(ch):
				lastSpace = true
				needSpace = false
				continue
			case ch == ';':
				return args, tokenStatement, nil
			case ch == '{':
				return args, tokenBlockStart, nil
			case ch == ')':
				lastSpace = true
				needSpace = false
			default:
				return nil, 0, s.fail(fmt.Sprintf(`unexpected "%c"`, ch))
			}
		}

		if lastSpace {
			if isSpace(ch) {
				continue
			}
			start = s.pos - 1
			startLine = s.line
			switch ch {
			case ';', '{':
				if len(args) == 0 {
					return nil, 0, s.fail(fmt.Sprintf(`unexpected "%c"`, ch))
				}
				if ch == '{' {
					return args, tokenBlockStart, nil
				}
				return args, tokenStatement, nil
			case '}':
				if len(args) != 0 {
					return nil, 0, s.fail(`unexpected "}"`)
				}
				return nil, tokenBlockDone, nil
			case '#':
				sharpComment = true
				continue
			case '\\':
				quoted = true
				lastSpace = false
				continue
			case '"':
				start++
				dQuoted = true
				lastSpace = false
				continue
			case '\'':
				start++
				sQuoted = true
				lastSpace = false
				continue
			case '$':
				variable = true
				lastSpace = false
				continue
			default:
				lastSpace = false
				continue
			}
		}

		if ch == '{' && variable {
			continue
		}
		variable = false
		if ch == '\\' {
			quoted = true
			continue
		}
		if ch == '$' {
			variable = true
			continue
		}
		switch {
		case dQuoted:
			if ch == '"' {
				dQuoted = false
				needSpace = true
				found = true
			}
		case sQuoted:
			if ch == '\'' {
				sQuoted = false
				needSpace = true
				found = true
			}
		case isSpace(ch) || ch == ';' || ch == '{':
			lastSpace = true
			found = true
		}
		if found {
			args = append(args, unescapeWord(s.data[start:s.pos-1]))
			if ch == ';' {
				return args, tokenStatement, nil
			}
			if ch == '{' {
				return args, tokenBlockStart, nil
			}
			found = false
		}
	}
}

// unescapeWord applies nginx's escapes to a word: \" \' \\ lose the
// backslash, \t \r \n become control characters, any other backslash stays.
func unescapeWord(w []byte) string {
	out := make([]byte, 0, len(w))
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c == '\\' && i+1 < len(w) {
			switch w[i+1] {
			case '"', '\'', '\\':
				i++
				c = w[i]
			case 't':
				i++
				c = '\t'
			case 'r':
				i++
				c = '\r'
			case 'n':
				i++
				c = '\n'
			}
		}
		out = append(out, c)
	}
	return string(out)
}

// fail builds an emerg error positioned where the reader is now.
func (s *source) fail(msg string) error {
	return &Error{Diagnostic: s.diag(LevelEmerg, msg)}
}
