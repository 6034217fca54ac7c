package ngxshim

import (
	"io"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// OpenConsole makes ngx.say, ngx.print, print, ngx.flush and ngx.eof write
// to w, as OpenResty's resty command does for scripts run from the command
// line: nil, booleans and ngx.null are spelled out, tables are expanded
// (their elements 1..maxn), other values go through tostring.
func OpenConsole(L *lua.LState, w io.Writer) {
	ngx, ok := L.GetGlobal("ngx").(*lua.LTable)
	if !ok {
		return
	}
	null := ngx.RawGetString("null")
	out := func(L *lua.LState, newline bool) int {
		var buf []byte
		n := L.GetTop()
		for i := 1; i <= n; i++ {
			buf = consoleAppend(L, buf, L.Get(i), null)
		}
		if newline {
			buf = append(buf, '\n')
		}
		if _, err := w.Write(buf); err != nil {
			L.Push(lua.LNil)
			L.Push(lua.LString(err.Error()))
			return 2
		}
		L.Push(lua.LTrue)
		return 1
	}
	say := L.NewFunction(func(L *lua.LState) int { return out(L, true) })
	ngx.RawSetString("say", say)
	ngx.RawSetString("print", L.NewFunction(func(L *lua.LState) int { return out(L, false) }))
	L.SetGlobal("print", say)
	ngx.RawSetString("flush", L.NewFunction(func(L *lua.LState) int {
		if f, ok := w.(interface{ Sync() error }); ok {
			f.Sync()
		}
		L.Push(lua.LTrue)
		return 1
	}))
	ngx.RawSetString("eof", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LTrue)
		return 1
	}))
	if os, ok := L.GetGlobal("os").(*lua.LTable); ok {
		ngx.RawSetString("exit", os.RawGetString("exit"))
	}
}

func consoleAppend(L *lua.LState, buf []byte, v lua.LValue, null lua.LValue) []byte {
	switch v := v.(type) {
	case *lua.LNilType:
		return append(buf, "nil"...)
	case lua.LBool:
		if v {
			return append(buf, "true"...)
		}
		return append(buf, "false"...)
	case lua.LString:
		return append(buf, v...)
	case *lua.LTable:
		n := int(v.MaxN())
		for i := 1; i <= n; i++ {
			buf = consoleAppend(L, buf, v.RawGetInt(i), null)
		}
		return buf
	}
	if v == null {
		return append(buf, "null"...)
	}
	return append(buf, lua51compat.ToStringMeta(L, v)...)
}
