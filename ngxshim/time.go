package ngxshim

import (
	"time"

	lua "github.com/yuin/gopher-lua"
)

// Time: ngx.now, ngx.time, ngx.update_time, ngx.today, ngx.localtime,
// ngx.utctime, ngx.http_time, ngx.cookie_time, ngx.parse_http_time. ngx.now
// and ngx.time read the worker's cached time, as nginx's event loop does.

func (a *api) timeFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{
		"now": func(L *lua.LState) int {
			t := a.h.Now()
			L.Push(lua.LNumber(float64(t.UnixMilli()) / 1000))
			return 1
		},
		"time": func(L *lua.LState) int {
			L.Push(lua.LNumber(a.h.Now().Unix()))
			return 1
		},
		"update_time": func(L *lua.LState) int {
			a.h.UpdateTime()
			return 0
		},
		"today": func(L *lua.LState) int {
			L.Push(lua.LString(a.h.Now().Local().Format("2006-01-02")))
			return 1
		},
		"localtime": func(L *lua.LState) int {
			L.Push(lua.LString(a.h.Now().Local().Format("2006-01-02 15:04:05")))
			return 1
		},
		"utctime": func(L *lua.LState) int {
			L.Push(lua.LString(a.h.Now().UTC().Format("2006-01-02 15:04:05")))
			return 1
		},
		"http_time": func(L *lua.LState) int {
			sec := checkNumber(L, 1, "http_time")
			L.Push(lua.LString(time.Unix(int64(sec), 0).UTC().Format("Mon, 02 Jan 2006 15:04:05 GMT")))
			return 1
		},
		"cookie_time": func(L *lua.LState) int {
			sec := checkNumber(L, 1, "cookie_time")
			t := time.Unix(int64(sec), 0).UTC()
			// nginx writes a four-digit year from 1970 on, as ngx_http_cookie_time.
			L.Push(lua.LString(t.Format("Mon, 02-Jan-2006 15:04:05 GMT")))
			return 1
		},
		"parse_http_time": func(L *lua.LState) int {
			s := L.CheckString(1)
			for _, layout := range []string{time.RFC1123, "Monday, 02-Jan-06 15:04:05 MST", time.ANSIC, "Mon, 02-Jan-2006 15:04:05 MST"} {
				if t, err := time.Parse(layout, s); err == nil {
					L.Push(lua.LNumber(t.Unix()))
					return 1
				}
			}
			L.Push(lua.LNil)
			return 1
		},
	}
}
