package ngxshim

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// encodeArgs encodes a table as a query string, as ngx.encode_args does
// (ngx_http_lua_process_args_option): keys and string values escaped as
// URI arguments, true as a bare key, false skipped, a list value repeating
// the key.
func encodeArgs(L *lua.LState, t *lua.LTable, argi int, fname string) string {
	var b strings.Builder
	add := func(k string, v lua.LValue) {
		switch v := v.(type) {
		case lua.LBool:
			if !v {
				return
			}
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(escapeArg(k))
		case lua.LString, lua.LNumber:
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(escapeArg(k))
			b.WriteByte('=')
			b.WriteString(escapeArg(lua.LVAsString(v)))
		default:
			argError(L, argi, fname, "attempt to use "+v.Type().String()+" as query arg value")
		}
	}
	t.ForEach(func(k, v lua.LValue) {
		var key string
		switch k := k.(type) {
		case lua.LString:
			key = string(k)
		case lua.LNumber:
			key = string(appendNumber(nil, float64(k)))
		default:
			argError(L, argi, fname, "attempt to use "+k.Type().String()+" as query arg key")
		}
		if list, ok := v.(*lua.LTable); ok {
			n := list.Len()
			for i := 1; i <= n; i++ {
				add(key, list.RawGetInt(i))
			}
			return
		}
		add(key, v)
	})
	return b.String()
}

// escapeArg escapes a query argument as ngx_escape_uri's
// NGX_ESCAPE_ARGS... as ngx.escape_uri does (type 2: everything but
// unreserved characters).
func escapeArg(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}
