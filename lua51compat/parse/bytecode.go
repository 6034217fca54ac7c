package parse

// BytecodeError is returned for input that starts with the bytecode
// signature, which gresty cannot load; its text is LuaJIT's.
type BytecodeError struct{ msg string }

// Error returns LuaJIT's message for unloadable bytecode.
func (e *BytecodeError) Error() string { return e.msg }

func bytecodeError(chunkname string, header bool) error {
	if header {
		return &BytecodeError{"cannot load malformed bytecode"}
	}
	name := chunkname
	switch {
	case name != "" && name[0] == 0x1b:
		name = "(binary)"
	case name != "" && (name[0] == '@' || name[0] == '='):
		name = name[1:]
	}
	return &BytecodeError{name + ": cannot load incompatible bytecode"}
}

// Signature reports whether src, after the UTF-8 BOM and "#" first line
// LuaJIT skips, is a precompiled chunk rather than source text, and whether
// such a header was present.
func Signature(src string) (bytecode, header bool) {
	var l lexer
	l.init(src, "")
	return l.skipHeader()
}
