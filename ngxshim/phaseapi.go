package ngxshim

import lua "github.com/yuin/gopher-lua"

func (a *api) phaseFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{"get_phase": a.getPhase, "get_raw_phase": a.getRawPhase, "_phase_ctx": a.phaseCtx}
}

// getRawPhase is resty.core.phase's ngx.get_raw_phase(r): the ngx_lua
// context number of the request r (a base.get_request handle).
func (a *api) getRawPhase(L *lua.LState) int {
	ud, ok := L.Get(1).(*lua.LUserData)
	var h requestHandle
	if ok {
		h, ok = ud.Value.(requestHandle)
	}
	if !ok || h.ctx == nil {
		raiseCaller(L, "no request context")
	}
	L.Push(lua.LNumber(h.ctx.Phase.Raw()))
	return 1
}

// phaseCtx is ngx._phase_ctx, which ngx_lua's coroutine wrappers use: the
// context number of the current request, nothing outside one.
func (a *api) phaseCtx(L *lua.LState) int {
	c := a.h.Current(L)
	if c == nil || c.Phase == PhaseInit {
		return 0
	}
	L.Push(lua.LNumber(c.Phase.Raw()))
	return 1
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
