package ngxshim

import (
	"fmt"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// raiseC raises a message as luaL_error does in a C function of ngx_lua:
// prefixed with the position of the Lua code that called the function, and
// with none when a Go function such as pcall called it directly or the
// call was a tail call (gopher-lua's RaiseError would leave a stray space
// or a position there).
func raiseC(L *lua.LState, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = fmt.Sprintf(format, args...)
	}
	L.Error(lua.LString(lua51compat.CallerWhere(L)+msg), 0)
}

// phaseCheck is ngx_http_lua_check_context raising as raiseC does.
func phaseCheck(L *lua.LState, c *Ctx, allowed Phase) {
	if c.Phase&allowed == 0 {
		raiseC(L, "API disabled in the context of %s", contextName(c.Phase))
	}
}
