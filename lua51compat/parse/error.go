package parse

import "strconv"

// SyntaxError is a compile-time error with LuaJIT's message layout:
// "source:line: message near 'token'".
type SyntaxError struct {
	// Source is the shortened chunk name (see ShortSrc).
	Source string
	// Line is the line LuaJIT reports, usually where the offending token ends.
	Line int
	// Message is the error text without position and token, e.g.
	// "unexpected symbol".
	Message string
	// Near is the offending token as LuaJIT renders it; it is only shown
	// when HasNear is set.
	Near string
	// HasNear tells whether the message ends with " near 'token'".
	HasNear bool
}

// Error returns the full LuaJIT text, e.g.
// "content_by_lua(nginx.conf:12):1: unexpected symbol near '='".
func (e *SyntaxError) Error() string {
	s := e.Source + ":" + strconv.Itoa(e.Line) + ": " + e.Message
	if e.HasNear {
		s += " near '" + e.Near + "'"
	}
	return s
}
