package ngxshim

import lua "github.com/yuin/gopher-lua"

func (a *api) phaseFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{"get_phase": a.getPhase}
}

// getPhase is ngx.get_phase(); outside any thread the VM is loading its
// code, which ngx_lua calls "init".
func (a *api) getPhase(L *lua.LState) int {
	c := a.h.Current(L)
	if c == nil {
		L.Push(lua.LString("init"))
		return 1
	}
	L.Push(lua.LString(c.Phase.String()))
	return 1
}
