package ngxshim

import (
	"strconv"
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// ngx.resp.get_headers and the response header editing behind ngx.header
// (ngx_http_lua_headers.c, ngx_http_lua_headers_out.c).

// ResponseHeaderEditor is the full response header of the engine's
// requests, beyond ResponseHeader.
type ResponseHeaderEditor interface {
	// SetHeader replaces the values of a header (override) or adds to
	// them, with nginx's special headers handled; the error is ngx_lua's
	// ("failed to set header").
	SetHeader(name string, values []string, override bool) error
	// List returns the header as ngx.resp.get_headers reports it: nginx's
	// own entries (content-type, content-length, connection,
	// transfer-encoding) and the header lines.
	List() (builtin, lines []HeaderLine)
	// TransformUnderscores is lua_transform_underscores_in_response_headers.
	TransformUnderscores() bool
}

func (a *api) openResp(L *lua.LState) {
	resp, ok := a.ngx.RawGetString("resp").(*lua.LTable)
	if !ok {
		resp = L.NewTable()
		a.ngx.RawSetString("resp", resp)
	}
	hmt := L.NewTable()
	hmt.RawSetString("__index", L.NewFunction(reqHeadersIndex))
	resp.RawSetString("get_headers", L.NewFunction(func(L *lua.LState) int { return a.respGetHeaders(L, hmt) }))
}

func (a *api) respGetHeaders(L *lua.LState, mt *lua.LTable) int {
	max := maxHeadersDefault
	raw := false
	if L.GetTop() >= 1 {
		if L.Get(1) != lua.LNil {
			max = checkCInt(L, 1)
		}
		if L.GetTop() >= 2 {
			raw = lua.LVAsBool(L.Get(2))
		}
	}
	r := a.cRequest(L, "no request object found")
	ed, ok := r.Header().(ResponseHeaderEditor)
	if !ok {
		raiseC(L, "API disabled in the current context")
	}
	builtin, lines := ed.List()
	t := L.CreateTable(0, len(builtin)+len(lines))
	if !raw {
		t.Metatable = mt
	}
	for _, h := range builtin {
		t.RawSetString(h.Name, lua.LString(h.Value))
	}
	count := len(lines)
	truncated := false
	if max > 0 && count+len(builtin) > max {
		a.h.Log(L, LogDebug, "lua exceeding response header limit "+strconv.Itoa(count+len(builtin))+" > "+strconv.Itoa(max))
		truncated = true
		count = max - len(builtin)
	}
	// as ngx_lua, the first line is taken even when the limit is used up
	for _, h := range lines {
		key := h.Name
		if !raw {
			key = strings.ToLower(key)
		}
		addMultiValue(L, t, key, h.Value)
		if count--; count <= 0 {
			break
		}
	}
	L.Push(t)
	if truncated {
		L.Push(lua.LString("truncated"))
		return 2
	}
	return 1
}
