package cosocket

import (
	"strings"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// Lua errors as ngx_lua's C functions raise them on LuaJIT. luaL_error puts
// the calling Lua code's position first (none when a Go function such as
// pcall, or a tail call, invoked the method); luaL_argerror names the
// function as the caller did and counts arguments from the receiver of a
// method call.

// raise raises msg as luaL_error does.
func raise(L *lua.LState, format string, args ...any) {
	msg := format
	if len(args) > 0 {
		msg = sprintf(format, args...)
	}
	L.Error(lua.LString(lua51compat.CallerSite(L).Where+msg), 0)
}

// argError raises luaL_argerror's "bad argument #n to 'name' (msg)".
func argError(L *lua.LState, n int, msg string) { lua51compat.ArgError(L, n, msg) }

// typeError raises "bad argument #n to 'f' (want expected, got T)".
func typeError(L *lua.LState, n int, want string) {
	got := "no value"
	if n <= L.GetTop() {
		got = L.Get(n).Type().String()
	}
	argError(L, n, want+" expected, got "+got)
}

// checkTable is luaL_checktype(L, n, LUA_TTABLE).
func checkTable(L *lua.LState, n int) *lua.LTable {
	if t, ok := L.Get(n).(*lua.LTable); ok && n <= L.GetTop() {
		return t
	}
	typeError(L, n, "table")
	return nil
}

// checkString is luaL_checklstring: strings, and numbers as LuaJIT prints
// them.
func checkString(L *lua.LState, n int) string {
	if n <= L.GetTop() {
		switch v := L.Get(n).(type) {
		case lua.LString:
			return string(v)
		case lua.LNumber:
			return lua51compat.FormatNumber(float64(v))
		}
	}
	typeError(L, n, "string")
	return ""
}

// toNumber is lua_isnumber/lua_tonumber: numbers, and strings holding one.
func toNumber(v lua.LValue) (float64, bool) {
	switch x := v.(type) {
	case lua.LNumber:
		return float64(x), true
	case lua.LString:
		return lua51compat.ParseNumber(strings.TrimSpace(string(x)))
	}
	return 0, false
}

// checkInteger is luaL_checkinteger: a number (or numeric string)
// truncated toward zero.
func checkInteger(L *lua.LState, n int) int64 {
	if n <= L.GetTop() {
		if f, ok := toNumber(L.Get(n)); ok {
			return toInteger(f)
		}
	}
	typeError(L, n, "number")
	return 0
}

// toInteger is lua_tointeger on x64: truncation, 0 for NaN.
func toInteger(f float64) int64 {
	if f != f {
		return 0
	}
	if f >= 9223372036854775807 || f <= -9223372036854775808 {
		return -9223372036854775808
	}
	return int64(f)
}

// toInt32 is a C int conversion of lua_tointeger's result (the port, the
// timeouts ngx_lua keeps in int).
func toInt32(f float64) int32 { return int32(toInteger(f)) }

// pushNilErr pushes nil and msg and returns 2, the usual failure results.
func pushNilErr(L *lua.LState, msg string) int {
	L.Push(lua.LNil)
	L.Push(lua.LString(msg))
	return 2
}
