package ngxshim

import (
	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// ngx.resp.add_header and ngx.req.add_header, and the resty.core functions
// under them (set_resp_header, set_req_header), which add a header value
// next to the ones a header already has instead of replacing them.

// RequestHeaderEditor is implemented by requests whose header Lua may
// change (ngx.req.add_header and set_req_header).
type RequestHeaderEditor interface {
	// SetRequestHeader sets the request header name to values (none
	// removes it), replacing its values when override is set and adding
	// to them otherwise, with nginx's handling of the headers it parses
	// (Host, Cookie, ...).
	SetRequestHeader(name string, values []string, override bool) error
}

func (a *api) respModule(L *lua.LState) *lua.LTable {
	t := L.NewTable()
	t.RawSetString("version", lua.LString(RestyCoreVersion))
	t.RawSetString("add_header", L.NewFunction(func(L *lua.LState) int {
		a.respHeader(L, L.Get(1), L.Get(2), true)
		return 0
	}))
	return t
}

func (a *api) reqModule(L *lua.LState) *lua.LTable {
	t := L.NewTable()
	t.RawSetString("version", lua.LString(RestyCoreVersion))
	t.RawSetString("add_header", L.NewFunction(func(L *lua.LState) int {
		a.reqHeader(L, L.Get(1), L.Get(2), false)
		return 0
	}))
	return t
}

// setRespHeader is resty.core.response.set_resp_header(tb, key, value,
// no_override).
func (a *api) setRespHeader(L *lua.LState) int {
	a.respHeader(L, L.Get(2), L.Get(3), lua.LVAsBool(L.Get(4)))
	return 0
}

// setReqHeader is resty.core.request.set_req_header(name, value, override).
func (a *api) setReqHeader(L *lua.LState) int {
	a.reqHeader(L, L.Get(1), L.Get(2), lua.LVAsBool(L.Get(3)))
	return 0
}

// headerRequest returns the request L runs for, raising "no request found"
// where ngx_lua has no request (init_by_lua) and "API disabled in the
// current context" where it has a fake one (timers, init_worker).
func (a *api) headerRequest(L *lua.LState) Request {
	c := a.h.Current(L)
	if c == nil || c.Phase == PhaseInit {
		raisePlain(L, "no request found")
	}
	if c.Req == nil {
		raiseCaller(L, "API disabled in the current context")
	}
	return c.Req
}

// headerValues converts a header value argument: a string, a list of
// values, or anything tostring turns into one.
func headerValues(L *lua.LState, v lua.LValue) []string {
	if t, ok := v.(*lua.LTable); ok {
		n := t.Len()
		vals := make([]string, 0, n)
		for i := 1; i <= n; i++ {
			vals = append(vals, lua51compat.ToStringMeta(L, t.RawGetInt(i)))
		}
		return vals
	}
	return []string{lua51compat.ToStringMeta(L, v)}
}

// respHeader sets (or, with noOverride, adds to) a response header.
func (a *api) respHeader(L *lua.LState, key, value lua.LValue, noOverride bool) {
	r := a.headerRequest(L)
	name := lua51compat.ToStringMeta(L, key)
	// lua_transform_underscores_in_response_headers, on unless the
	// engine's header says otherwise.
	if tu, ok := r.Header().(interface{ TransformUnderscores() bool }); !ok || tu.TransformUnderscores() {
		name = headerName(name)
	}
	var vals []string
	if value == lua.LNil {
		if noOverride {
			raiseCaller(L, "invalid header value")
		}
	} else {
		vals = headerValues(L, value)
		if len(vals) == 0 && noOverride {
			return
		}
	}
	if r.HeadersSent() {
		a.h.Log(L, LogErr, "attempt to set ngx.header.HEADER after sending out response headers")
		return
	}
	// A header that applies nginx's rules for adding values (single-valued
	// built-in headers are replaced) does it itself.
	if ed, ok := r.Header().(interface {
		SetHeader(name string, values []string, override bool) error
	}); ok {
		if err := ed.SetHeader(name, vals, !noOverride); err != nil {
			raiseCaller(L, err.Error())
		}
		return
	}
	if noOverride {
		vals = append(r.Header().Get(name), vals...)
	}
	r.Header().Set(name, vals)
}

// reqHeader sets (override) or adds to a request header.
func (a *api) reqHeader(L *lua.LState, key, value lua.LValue, override bool) {
	r := a.headerRequest(L)
	if key == lua.LNil {
		raiseCaller(L, "bad 'name' argument: string expected, got nil")
	}
	name := lua51compat.ToStringMeta(L, key)
	var vals []string
	if value == lua.LNil {
		if !override {
			raiseCaller(L, "bad 'value' argument: string or table expected, got nil")
		}
	} else {
		vals = headerValues(L, value)
		if _, isTable := value.(*lua.LTable); isTable && len(vals) == 0 && !override {
			raiseCaller(L, "bad 'value' argument: non-empty table expected")
		}
	}
	ed, ok := r.(RequestHeaderEditor)
	if !ok {
		raiseCaller(L, "ngx.req.add_header: not supported by gresty")
	}
	if err := ed.SetRequestHeader(name, vals, override); err != nil {
		L.RaiseError("%s", err.Error())
	}
}
