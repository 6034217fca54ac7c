package ngxshim

import (
	"strconv"

	lua "github.com/yuin/gopher-lua"
)

// Logging: ngx.log and print (ngx_http_lua_log.c).

func (a *api) logFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{"log": a.log}
}

func (a *api) log(L *lua.LState) int {
	lv, ok := L.Get(1).(lua.LNumber)
	if !ok {
		typeError(L, 1, "log", "number")
	}
	level := int(lv)
	if level < LogStderr || level > LogDebug {
		argError(L, 1, "log", "bad log level: "+strconv.Itoa(level))
	}
	L.Remove(1)
	a.logArgs(L, level, "log")
	return 0
}

// print is the global print of ngx_lua: ngx.log(ngx.NOTICE, ...).
func (a *api) print(L *lua.LState) int {
	a.logArgs(L, LogNotice, "print")
	return 0
}

// logArgs renders the message "[lua] file:line: func(): args..." and hands it
// to the host.
func (a *api) logArgs(L *lua.LState, level int, fname string) {
	src, line, fn := callerSource(L)
	buf := make([]byte, 0, 128)
	buf = append(buf, "[lua] "...)
	buf = append(buf, src...)
	buf = append(buf, ':')
	buf = strconv.AppendInt(buf, int64(line), 10)
	buf = append(buf, ": "...)
	if fn != "" {
		buf = append(buf, fn...)
		buf = append(buf, "(): "...)
	}
	n := L.GetTop()
	for i := 1; i <= n; i++ {
		v := L.Get(i)
		switch v := v.(type) {
		case *lua.LTable:
			if L.GetMetaField(v, "__tostring") == lua.LNil {
				argError(L, i, fname, "expected table to have __tostring metamethod")
			}
			buf = append(buf, lua.LVAsString(L.ToStringMeta(v))...)
		case *lua.LUserData:
			if v == a.null {
				buf = append(buf, "null"...)
				continue
			}
			argError(L, i, fname, "string, number, boolean, or nil expected, got userdata")
		default:
			var ok bool
			if buf, ok = appendScalar(buf, v); !ok {
				argError(L, i, fname, "string, number, boolean, or nil expected, got "+v.Type().String())
			}
		}
	}
	a.h.Log(L, level, string(buf))
}
