package ngxshim

import (
	lua "github.com/yuin/gopher-lua"
)

// ndk.set_var (ngx_http_lua_ndk.c with resty.core.ndk): ndk.set_var.NAME is
// the set_var directive NAME of a module built on the Nginx Development Kit,
// as a function of one string: set-misc's one-value directives
// (setmisc.go); other names fail as ngx_lua's lookup does.

func (a *api) openNDK(L *lua.LState) {
	ndk := L.CreateTable(0, 1)
	setVar := L.NewTable()
	mt := L.CreateTable(0, 2)
	mt.RawSetString("__index", L.NewFunction(func(L *lua.LState) int {
		name := L.ToStringMeta(L.Get(2)).String()
		fn := setVarFuncs[name]
		if fn == nil {
			raiseCaller(L, "ndk.set_var: directive \""+name+"\" not found or does not use ndk_set_var_value")
		}
		L.Push(L.NewFunction(func(L *lua.LState) int {
			res, errLine := fn(L.ToStringMeta(L.Get(1)).String())
			if errLine != "" {
				a.h.Log(L, LogErr, errLine)
				raiseCaller(L, "calling directive "+name+" failed with code -1")
			}
			L.Push(lua.LString(res))
			return 1
		}))
		return 1
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
