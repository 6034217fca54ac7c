package ngxshim

import (
	"strings"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// encodeArgs encodes a table as a query string, as ngx.encode_args does
// (ngx_http_lua_process_args_option): keys must be strings, keys and
// string or number values are escaped as URI components, true gives a bare
// key, false is skipped, and a table value repeats the key for each of its
// elements. Errors are raised as luaL_error does, from the caller's
// position. The unnamed parameters (argument number and function name) are
// kept for the callers that share this helper (ngx.encode_args, ngx.exec,
// ngx.req.set_uri_args ...): ngx_lua's messages do not mention them.
func encodeArgs(L *lua.LState, t *lua.LTable, _ int, _ string) string {
	var b strings.Builder
	// An empty key and value still take a separator, so count the pairs
	// written rather than look at the length.
	pairs := 0
	write := func(key string, v lua.LValue) {
		switch v := v.(type) {
		case lua.LBool:
			if !v {
				return
			}
			if pairs > 0 {
				b.WriteByte('&')
			}
			b.WriteString(escapeURIType(key, escapeURIComponent))
		case lua.LString, lua.LNumber:
			if pairs > 0 {
				b.WriteByte('&')
			}
			b.WriteString(escapeURIType(key, escapeURIComponent))
			b.WriteByte('=')
			b.WriteString(escapeURIType(lua51compat.ToString(v), escapeURIComponent))
		default:
			raiseAt(L, 1, "attempt to use "+v.Type().String()+" as query arg value")
		}
		pairs++
	}
	for k, v := t.Next(lua.LNil); k != lua.LNil; k, v = t.Next(k) {
		key, ok := k.(lua.LString)
		if !ok {
			raiseAt(L, 1, `attempt to use a non-string key in the "args" option table`)
		}
		switch v := v.(type) {
		case *lua.LTable:
			for ik, iv := v.Next(lua.LNil); ik != lua.LNil; ik, iv = v.Next(ik) {
				write(string(key), iv)
			}
		case lua.LString, lua.LNumber, lua.LBool:
			write(string(key), v)
		default:
			raiseAt(L, 1, "attempt to use "+v.Type().String()+" as query arg value")
		}
	}
	return b.String()
}
