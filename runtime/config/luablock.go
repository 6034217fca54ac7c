package config

import (
	"bytes"
	"fmt"
	"strings"
)

// readLuaBlock captures the Lua code of a *_by_lua_block directive whose
// "{" the tokenizer has just read, the way lua-nginx-module's own block
// parser does (ngx_http_lua_conf_lua_block_parse): it skips Lua strings,
// long strings, comments and nested braces, and returns the text between
// the braces verbatim. It works on the same read window as the nginx
// tokenizer, so oversized tokens fail as they do there.
func (s *source) readLuaBlock() (string, error) {
	if s.param {
		return "", s.fail("block directives are not supported in -g option")
	}
	level := 1
	// lastCurlyLine is the line of the most recent "{": nginx reports an
	// unterminated block there.
	lastCurlyLine := s.line
	var code []byte
	for {
		word, kind, err := s.readLuaToken(lastCurlyLine)
		if err != nil {
			return "", err
		}
		code = append(code, word...)
		switch kind {
		case luaLeftCurly:
			lastCurlyLine = s.line
			level++
		case luaRightCurly:
			level--
			if level == 0 {
				// drop the closing "}"
				return string(code[:len(code)-1]), nil
			}
		}
	}
}

// readLuaToken reads up to and including the next Lua token, returning the
// text read (the token and whatever came before it) and the token's kind,
// as ngx_http_lua_conf_read_lua_token does.
func (s *source) readLuaToken(lastCurlyLine int) ([]byte, int, error) {
	start := s.pos
	startLine := s.line
	size := s.size()
	for {
		if s.pos >= s.last || (s.last-s.pos < confBufferSize/2 && s.offset < size) {
			if s.offset >= size {
				s.line = lastCurlyLine
				return nil, 0, s.fail("unexpected end of file, expecting terminating characters for lua code block")
			}
			if s.last-start == confBufferSize {
				s.line = startLine
				return nil, 0, s.fail("too long lua code block, probably missing terminating characters")
			}
			s.fill(start)
		}

		kind, from, to := luaLex(s.data[s.pos:s.last])
		if kind == luaNoMatch {
			if s.offset >= size {
				s.line = lastCurlyLine
				return nil, 0, s.fail("unexpected end of file, expecting terminating characters for lua code block")
			}
			if s.last-s.pos == confBufferSize {
				s.line = startLine
				return nil, 0, s.fail("too long lua code block, probably missing terminating characters")
			}
			// nginx keeps only the unmatched tail, resumes lexing after
			// it, and restarts the word there.
			keep := s.pos
			s.pos = s.last
			s.fill(keep)
			start = keep
			continue
		}

		if kind == luaLongString || kind == luaLongComment {
			s.line += bytes.Count(s.data[s.pos:s.pos+from], []byte{'\n'})
			s.pos += from
			to -= from
			open := s.data[s.pos : s.pos+to]
			if kind == luaLongComment {
				open = open[2:]
			}
			closing := "]" + strings.Repeat("=", len(open)-2) + "]"
			at := bytes.Index(s.data[s.pos+to:s.last], []byte(closing))
			if at < 0 {
				return nil, 0, s.fail(fmt.Sprintf(`Lua code block missing the closing long bracket "%s", the inlined Lua code may be too long`, closing))
			}
			to += at + len(closing)
		}

		s.line += bytes.Count(s.data[s.pos:s.pos+to], []byte{'\n'})
		s.pos += to
		return s.data[start:s.pos], kind, nil
	}
}
