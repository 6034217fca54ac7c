package cosocket

import (
	"math"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// What send takes: a string, a number, a boolean, nil, or an array table
// of strings, numbers and such tables (ngx_http_lua_calc_strlen_in_table
// and ngx_http_lua_copy_str_in_table, strict).

// appendPayload appends the bytes of send's argument n to dst, raising
// ngx_lua's argument errors.
func appendPayload(L *lua.LState, dst []byte, n int) []byte {
	switch v := L.Get(n).(type) {
	case lua.LString:
		return append(dst, v...)
	case lua.LNumber:
		return appendNum(dst, float64(v))
	case *lua.LNilType:
		return append(dst, "nil"...)
	case lua.LBool:
		if v {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case *lua.LTable:
		return appendTable(L, dst, v, n)
	default:
		argError(L, n, "string, number, boolean, nil, or array table expected, got "+v.Type().String())
	}
	return dst
}

// appendTable appends an array table's pieces.
func appendTable(L *lua.LState, dst []byte, t *lua.LTable, argn int) []byte {
	max := 0
	nonArray := false
	t.ForEach(func(k, _ lua.LValue) {
		if nonArray {
			return
		}
		if f, ok := k.(lua.LNumber); ok && math.Floor(float64(f)) == float64(f) && f >= 1 {
			if int(f) > max {
				max = int(f)
			}
			return
		}
		nonArray = true
	})
	if nonArray {
		argError(L, argn, "non-array table found")
	}
	for i := 1; i <= max; i++ {
		switch v := t.RawGetInt(i).(type) {
		case lua.LString:
			dst = append(dst, v...)
		case lua.LNumber:
			dst = appendNum(dst, float64(v))
		case *lua.LTable:
			dst = appendTable(L, dst, v, argn)
		default:
			argError(L, argn, "bad data type "+v.Type().String()+" found")
		}
	}
	return dst
}

// appendNum writes a number as ngx_http_lua_write_num: 32-bit integers in
// decimal, anything else with "%.14g".
func appendNum(dst []byte, f float64) []byte {
	if f == float64(int32(f)) {
		return append(dst, lua51compat.FormatNumber(f)...)
	}
	return append(dst, formatNumber(f)...)
}

// formatNumber is how LuaJIT turns a number into a string ("%.14g").
func formatNumber(f float64) string { return lua51compat.FormatNumber(f) }
