package ngxshim

import (
	"strings"

	lua "github.com/yuin/gopher-lua"
)

// ngx.var: nginx variables (resty.core's var.lua over
// ngx_http_lua_ffi_var_get/set).

func (a *api) openVar(L *lua.LState) {
	v := L.NewTable()
	mt := L.NewTable()
	mt.RawSetString("__index", L.NewFunction(a.varGet))
	mt.RawSetString("__newindex", L.NewFunction(a.varSet))
	v.Metatable = mt
	a.ngx.RawSetString("var", v)
}

// varRequest returns L's request for ngx.var, with resty.core's errors.
func (a *api) varRequest(L *lua.LState) Request {
	c := a.h.Current(L)
	if c == nil {
		raiseC(L, "no request found")
	}
	if c.Req == nil {
		raiseC(L, "API disabled in the current context")
	}
	return c.Req
}

func (a *api) varGet(L *lua.LState) int {
	r := a.varRequest(L)
	var name string
	switch k := L.Get(2).(type) {
	case lua.LNumber:
		if k < 1 {
			// only $1.. are captures; ngx_lua has no $0
			L.Push(lua.LNil)
			return 1
		}
		name = string(appendNumber(nil, float64(k)))
	case lua.LString:
		name = strings.ToLower(string(k))
	default:
		raiseC(L, "bad variable name")
	}
	if v, ok := r.Var(name); ok {
		L.Push(lua.LString(v))
		return 1
	}
	L.Push(lua.LNil)
	return 1
}

func (a *api) varSet(L *lua.LState) int {
	r := a.varRequest(L)
	k, ok := L.Get(2).(lua.LString)
	if !ok {
		raiseC(L, "bad variable name")
	}
	var value string
	unset := false
	switch v := L.Get(3).(type) {
	case *lua.LNilType:
		unset = true
	case lua.LString:
		value = string(v)
	case lua.LNumber:
		value = string(appendNumber(nil, float64(v)))
	default:
		value = L.ToStringMeta(v).String()
	}
	if err := r.SetVar(strings.ToLower(string(k)), value, unset); err != nil {
		raiseC(L, "%s", err.Error())
	}
	return 0
}
