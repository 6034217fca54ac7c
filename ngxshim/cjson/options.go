package cjson

import (
	"strconv"

	lua "github.com/yuin/gopher-lua"
)

// Argument handling of lua-cjson's configuration functions. Each takes
// optional arguments; nil (or absent) leaves a setting alone, and the
// function returns the settings in force. The helpers push results, so a
// function reads all its arguments before calling the first of them.

// checkArgCount raises "found too many arguments" when more than max
// arguments were passed; an explicit trailing nil counts.
func checkArgCount(L *lua.LState, max int) {
	if L.GetTop() > max {
		argError(L, max+1, "found too many arguments")
	}
}

// intOption updates *setting from v, argument i, when it is not nil and
// pushes the setting. The value is converted as LuaJIT's luaL_checkinteger and
// lua-cjson's int do (truncated to 64, then to 32 bits); a value outside
// [min, max] is reported against argument #1 whatever i is, as lua-cjson
// does.
func intOption(L *lua.LState, i int, v lua.LValue, setting *int32, min, max int32) {
	if v != lua.LNil {
		f, ok := toNumberArg(v)
		if !ok {
			argError(L, i, "number expected, got "+typeName(v))
		}
		n := cInt(f)
		if n < min || n > max {
			argError(L, 1, "expected integer between "+strconv.Itoa(int(min))+" and "+strconv.Itoa(int(max)))
		}
		*setting = n
	}
	L.Push(lua.LNumber(*setting))
}

// cInt is the C conversion (int)(lua_Integer)f on x86-64: truncation
// toward zero, then the low 32 bits. Out of range, the CPU's "integer
// indefinite" 0x8000000000000000 results, whose low 32 bits are 0.
func cInt(f float64) int32 {
	if f != f || f >= 0x1p63 || f < -0x1p63 {
		return 0
	}
	return int32(int64(f))
}

// boolOptions are the strings an on/off setting accepts besides booleans.
var boolOptions = []string{"off", "on"}

// boolOption updates *setting from v, argument i (a boolean, "on" or
// "off"), when it is not nil and pushes the setting as a boolean.
func boolOption(L *lua.LState, i int, v lua.LValue, setting *bool) {
	n := 0
	if *setting {
		n = 1
	}
	enumOption(L, i, v, &n, boolOptions)
	*setting = n == 1
}

// enumOption updates *setting from v, argument i, when it is not nil: a boolean
// selects option 0 or 1, a string (or number) names an option. It pushes
// the setting, as a boolean for options 0 and 1 and by name otherwise.
func enumOption(L *lua.LState, i int, v lua.LValue, setting *int, options []string) {
	switch v := v.(type) {
	case *lua.LNilType:
	case lua.LBool:
		*setting = 0
		if v {
			*setting = 1
		}
	default:
		name, ok := toStringArg(v)
		if !ok {
			argError(L, i, "string expected, got "+typeName(v))
		}
		found := false
		for k, opt := range options {
			if opt == name {
				*setting, found = k, true
				break
			}
		}
		if !found {
			argError(L, i, "invalid option '"+name+"'")
		}
	}
	switch *setting {
	case 0:
		L.Push(lua.LFalse)
	case 1:
		L.Push(lua.LTrue)
	default:
		L.Push(lua.LString(options[*setting]))
	}
}
