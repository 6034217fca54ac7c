package lua51compat

import (
	"strconv"

	lua "github.com/yuin/gopher-lua"
)

// CallerWhere returns the "chunk:line: " prefix LuaJIT puts on an error
// raised with level 2 by a library function, for the Go function running
// on L: the position of the Lua code calling it, or "" when a Go function
// called it or Lua code tail-called it (LuaJIT keeps no frame for a tail
// call; gopher-lua does, so its Where reports a position there).
func CallerWhere(L *lua.LState) string {
	f, ok := currentFrame(L)
	if !ok {
		if w := L.Where(1); !frameLayout.ok && w != "" {
			return w + " "
		}
		return ""
	}
	caller, ok := parentFrame(f)
	if !f.fn.IsG || !ok || caller.fn.IsG || caller.fn.Proto == nil {
		return ""
	}
	p := caller.fn.Proto
	pc := caller.pc - 1
	if pc < 0 || pc >= len(p.Code) || pc >= len(p.DbgSourcePositions) ||
		opcodeOf(p.Code[pc]) == lua.OP_TAILCALL {
		return ""
	}
	return p.SourceName + ":" + strconv.Itoa(p.DbgSourcePositions[pc]) + ": "
}
