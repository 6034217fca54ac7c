// Package parse is gresty's LuaJIT-compatible source front end.
//
// It reads Lua 5.1 source with the LuaJIT 2.1 extensions (goto and labels,
// \x, \z and \u{} escapes, hex floats, binary literals, LL/ULL/i number
// suffixes, identifiers with bytes >= 0x80) and produces the AST of
// github.com/yuin/gopher-lua/ast, so gopher-lua's own compiler turns it into
// bytecode; 64-bit literals (123LL) become calls answered by the VM's
// InstallInt64Literals, since a cdata cannot be a gopher-lua constant.
// Syntax errors carry LuaJIT's exact texts, chunk names and line
// numbers. The AST is arranged around two gopher-lua compiler defects, so
// valid programs run as LuaJIT runs them: its jump-to-jump pass corrupting
// loops (loopguard.go) and its generic-for setup leaving hidden registers
// unset (forin.go).
package parse
