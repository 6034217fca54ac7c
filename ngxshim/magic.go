package ngxshim

import (
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
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
		raiseC(L, "attempt to write to ngx.arg in the wrong context")
	}
	n, ok := L.Get(2).(lua.LNumber)
	if !ok || (n != 1 && n != 2) {
		raiseC(L, "attempt to write to ngx.arg with an index other than 1 or 2")
	}
	v := L.Get(3)
	if n == 1 {
		switch x := v.(type) {
		case lua.LString:
		case *lua.LNilType:
			// a cleared chunk reads back as ""
			v = lua.LString("")
		case lua.LNumber:
			v = lua.LString(appendNumber(nil, float64(x)))
		case *lua.LTable:
			v = lua.LString(appendTable(L, nil, x, 3, "__newindex", a.null))
		default:
			raiseC(L, "bad chunk data type: %s", v.Type().String())
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
		c, r := a.realRequest(L)
		phaseCheck(L, c, PhasesRequest)
		st := r.Status()
		if in, ok := r.(RequestIn); ok && st == 0 && in.HTTPVersion() == 9 {
			st = 9
		}
		L.Push(lua.LNumber(st))
		return 1
	case "ctx":
		c := a.h.Current(L)
		if c == nil {
			raiseC(L, "no request found")
		}
		if c.Table == nil {
			c.Table = L.NewTable()
		}
		L.Push(c.Table)
		return 1
	case "headers_sent":
		_, r := a.realRequest(L)
		L.Push(lua.LBool(r.HeadersSent()))
		return 1
	case "is_subrequest":
		r := a.headerReq(L)
		in, ok := r.(RequestIn)
		L.Push(lua.LBool(ok && in.IsSubrequest()))
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
			c, r := a.realRequest(L)
			phaseCheck(L, c, PhaseSet|PhaseRewrite|PhaseServerRewrite|PhaseAccess|PhaseContent|PhaseHeaderFilter|PhaseBalancer|PhaseLog|PhaseBodyFilter)
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
				raiseC(L, "no request found")
			}
			t, ok := L.Get(3).(*lua.LTable)
			if !ok {
				raiseC(L, "ctx should be a table while getting a %s", L.Get(3).Type().String())
			}
			c.Table = t
			return 0
		}
	}
	L.RawSet(a.ngx, key, L.Get(3))
	return 0
}

// respHeaderKey turns a Lua key into a header name: tostring'd, and with
// lua_transform_underscores_in_response_headers on, underscores become
// dashes.
func respHeaderKey(L *lua.LState, r Request, key lua.LValue) string {
	name := lua51compat.ToStringMeta(L, key)
	if ed, ok := r.Header().(ResponseHeaderEditor); ok && !ed.TransformUnderscores() {
		return name
	}
	return headerName(name)
}

// headerName turns a key into a header name: underscores become dashes.
func headerName(key string) string {
	return strings.ReplaceAll(key, "_", "-")
}

func (a *api) headerIndex(L *lua.LState) int {
	r := a.headerReq(L)
	vals := r.Header().Get(respHeaderKey(L, r, L.Get(2)))
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

// headerReq returns the request for ngx.header: "no request found"
// without one, "API disabled in the current context" in a fake one.
func (a *api) headerReq(L *lua.LState) Request {
	c := a.h.Current(L)
	if c == nil || c.Phase == PhaseInit {
		L.Error(lua.LString("no request found"), 0)
	}
	if c.Req == nil {
		raiseAt(L, 1, "API disabled in the current context")
	}
	return c.Req
}

func (a *api) headerNewIndex(L *lua.LState) int {
	r := a.headerReq(L)
	a.setRespHeaderValue(L, r, L.Get(2), L.Get(3), true)
	return 0
}

// setRespHeaderValue sets (override) or adds to a response header as
// resty.core's set_resp_header does.
func (a *api) setRespHeaderValue(L *lua.LState, r Request, key, value lua.LValue, override bool) {
	name := respHeaderKey(L, r, key)
	var vals []string
	switch v := value.(type) {
	case *lua.LNilType:
		if !override {
			raiseAt(L, 2, "invalid header value")
		}
	case *lua.LTable:
		n := v.Len()
		if n == 0 && !override {
			return
		}
		vals = make([]string, 0, n)
		for i := 1; i <= n; i++ {
			vals = append(vals, lua51compat.ToStringMeta(L, v.RawGetInt(i)))
		}
	default:
		vals = []string{lua51compat.ToStringMeta(L, v)}
	}
	if r.HeadersSent() {
		a.h.Log(L, LogErr, "attempt to set ngx.header.HEADER after sending out response headers")
		return
	}
	name = escapeHeader(name, true)
	for i, v := range vals {
		vals[i] = escapeHeader(v, false)
	}
	ed, ok := r.Header().(ResponseHeaderEditor)
	if !ok {
		r.Header().Set(name, vals)
		return
	}
	if err := ed.SetHeader(name, vals, override); err != nil {
		raiseAt(L, 1, err.Error())
	}
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
