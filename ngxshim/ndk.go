package ngxshim

import (
	lua "github.com/yuin/gopher-lua"
)

// ndk.set_var (ngx_http_lua_ndk.c with resty.core.ndk): ndk.set_var.NAME is
// the set_var directive NAME of a module built on the Nginx Development Kit,
// as a function of one string. gresty has no such module (set-misc and
// friends), so every lookup fails as ngx_lua's does for an unknown
// directive.

func (a *api) openNDK(L *lua.LState) {
	ndk := L.CreateTable(0, 1)
	setVar := L.NewTable()
	mt := L.CreateTable(0, 2)
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		name := L.ToStringMeta(L.Get(2)).String()
		raiseCaller(L, "ndk.set_var: directive \""+name+"\" not found or does not use ndk_set_var_value")
		return 0
	}))
	mt.RawSetString("__newindex", L.NewFunction(func(L *lua.LState) int {
		raiseCaller(L, "not allowed")
		return 0
	}))
	setVar.Metatable = mt
	ndk.RawSetString("set_var", setVar)
	L.SetGlobal("ndk", ndk)
	if loaded, ok := L.GetField(L.Get(lua.RegistryIndex), "_LOADED").(*lua.LTable); ok {
		loaded.RawSetString("ndk", ndk)
	}
}
