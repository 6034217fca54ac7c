package ngxshim

import (
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// The ngx table's computed fields: ngx.status, ngx.ctx, ngx.headers_sent and
// ngx.header, served by a metatable as ngx_lua and resty.core do.

func (a *api) openMagicFields(L *lua.LState) {
	mt := L.NewTable()
	mt.RawSetString("__index", L.NewFunction(a.ngxIndex))
	mt.RawSetString("__newindex", L.NewFunction(a.ngxNewIndex))
	a.ngx.Metatable = mt

	header := L.NewTable()
	hmt := L.NewTable()
	hmt.RawSetString("__index", L.NewFunction(a.headerIndex))
	hmt.RawSetString("__newindex", L.NewFunction(a.headerNewIndex))
	header.Metatable = hmt
	a.ngx.RawSetString("header", header)

	arg := L.NewTable()
	amt := L.NewTable()
	amt.RawSetString("__index", L.NewFunction(a.argIndex))
	amt.RawSetString("__newindex", L.NewFunction(a.argNewIndex))
	arg.Metatable = amt
	a.ngx.RawSetString("arg", arg)
}

// argIndex reads ngx.arg[n]: set_by_lua's arguments, or body_filter_by_lua's
// chunk and eof flag.
func (a *api) argIndex(L *lua.LState) int {
	c := a.h.Current(L)
	n, ok := L.Get(2).(lua.LNumber)
	if c == nil || !ok || int(n) < 1 || int(n) > len(c.Arg) {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(c.Arg[int(n)-1])
	return 1
}

// argNewIndex writes ngx.arg[1] (the chunk) or ngx.arg[2] (eof) in
// body_filter_by_lua.
func (a *api) argNewIndex(L *lua.LState) int {
	c := a.h.Current(L)
	if c == nil || c.Phase != PhaseBodyFilter {
		L.RaiseError("attempt to write to ngx.arg in the wrong context")
	}
	n, ok := L.Get(2).(lua.LNumber)
	if !ok || (n != 1 && n != 2) {
		L.RaiseError("attempt to write to ngx.arg with an index other than 1 or 2")
	}
	v := L.Get(3)
	if n == 1 {
		switch x := v.(type) {
		case lua.LString, *lua.LNilType:
		case lua.LNumber:
			v = lua.LString(appendNumber(nil, float64(x)))
		case *lua.LTable:
			v = lua.LString(appendTable(L, nil, x, 3, "__newindex", a.null))
		default:
			L.RaiseError("bad chunk data type: %s", v.Type().String())
		}
	} else {
		v = lua.LBool(lua.LVAsBool(v))
	}
	c.Arg[int(n)-1] = v
	return 0
}

func (a *api) ngxIndex(L *lua.LState) int {
	key := L.CheckString(2)
	switch key {
	case "status":
		c, r := a.request(L)
		checkPhase(L, c, PhasesRequest)
		L.Push(lua.LNumber(r.Status()))
		return 1
	case "ctx":
		c := a.h.Current(L)
		if c == nil {
			L.RaiseError("no request found")
		}
		if c.Table == nil {
			c.Table = L.NewTable()
		}
		L.Push(c.Table)
		return 1
	case "headers_sent":
		_, r := a.request(L)
		L.Push(lua.LBool(r.HeadersSent()))
		return 1
	}
	L.Push(lua.LNil)
	return 1
}

func (a *api) ngxNewIndex(L *lua.LState) int {
	key := L.Get(2)
	if ks, ok := key.(lua.LString); ok {
		switch string(ks) {
		case "status":
			c, r := a.request(L)
			checkPhase(L, c, PhaseSet|PhaseRewrite|PhaseServerRewrite|PhaseAccess|PhaseContent|PhaseHeaderFilter|PhaseBalancer|PhaseLog|PhaseBodyFilter)
			if r.HeadersSent() {
				a.h.Log(L, LogErr, "attempt to set ngx.status after sending out response headers")
				return 0
			}
			code := int(checkNumber(L, 3, "status"))
			r.SetStatus(code)
			return 0
		case "ctx":
			c := a.h.Current(L)
			if c == nil {
				L.RaiseError("no request found")
			}
			t, ok := L.Get(3).(*lua.LTable)
			if !ok {
				L.RaiseError("ctx should be a table while getting a %s", L.Get(3).Type().String())
			}
			c.Table = t
			return 0
		}
	}
	L.RawSet(a.ngx, key, L.Get(3))
	return 0
}

// headerName turns a Lua key into a header name: underscores become dashes.
func headerName(key string) string {
	return strings.ReplaceAll(key, "_", "-")
}

func (a *api) headerIndex(L *lua.LState) int {
	_, r := a.request(L)
	key := L.CheckString(2)
	vals := r.Header().Get(headerName(key))
	switch len(vals) {
	case 0:
		L.Push(lua.LNil)
	case 1:
		L.Push(lua.LString(vals[0]))
	default:
		t := L.CreateTable(len(vals), 0)
		for _, v := range vals {
			t.Append(lua.LString(v))
		}
		L.Push(t)
	}
	return 1
}

func (a *api) headerNewIndex(L *lua.LState) int {
	c, r := a.request(L)
	key := L.CheckString(2)
	checkPhase(L, c, PhaseRewrite|PhaseServerRewrite|PhaseAccess|PhaseContent|PhaseHeaderFilter)
	if r.HeadersSent() {
		a.h.Log(L, LogErr, "attempt to set ngx.header.HEADER after sending out response headers")
		return 0
	}
	var vals []string
	switch v := L.Get(3).(type) {
	case *lua.LNilType:
	case *lua.LTable:
		v.ForEach(func(_, e lua.LValue) {
			if s, ok := headerValue(e); ok {
				vals = append(vals, s)
			}
		})
	default:
		s, ok := headerValue(v)
		if !ok {
			L.RaiseError("attempt to set invalid value type %s", v.Type().String())
		}
		vals = []string{s}
	}
	r.Header().Set(headerName(key), vals)
	return 0
}

func headerValue(v lua.LValue) (string, bool) {
	switch v := v.(type) {
	case lua.LString:
		return string(v), true
	case lua.LNumber:
		return string(appendNumber(nil, float64(v))), true
	case lua.LBool:
		if v {
			return "true", true
		}
		return "false", true
	}
	return "", false
}

// parseLuaNumber converts a numeric string as Lua's coercion does
// (lua_str2number: strtod, or a hexadecimal integer).
func parseLuaNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	neg := false
	if u := strings.TrimPrefix(t, "-"); len(u) > 2 && (u[:2] == "0x" || u[:2] == "0X") {
		neg = u != t
		n, err := strconv.ParseUint(u[2:], 16, 64)
		if err != nil {
			return 0, err
		}
		if neg {
			return -float64(n), nil
		}
		return float64(n), nil
	}
	if strings.ContainsRune(t, '_') {
		return 0, strconv.ErrSyntax
	}
	return strconv.ParseFloat(t, 64)
}
