package ngxshim

import (
	lua "github.com/yuin/gopher-lua"
)

// ngx.on_abort: a callback for the client closing the connection early
// (lua_check_client_abort).

// AbortRequest is a request that can run a callback when its client goes
// away; the engine's requests implement it.
type AbortRequest interface {
	// OnAbort registers fn; the error is ngx_lua's ("duplicate call",
	// "lua_check_client_abort is off").
	OnAbort(fn *lua.LFunction) error
	// PendingSubrequests reports whether a thread of the request waits
	// for subrequests: the handler may not be aborted then.
	PendingSubrequests() bool
}

// checkAbortable is ngx_http_lua_check_if_abortable.
func checkAbortable(L *lua.LState, r Request) {
	if ab, ok := r.(AbortRequest); ok && ab.PendingSubrequests() {
		raiseC(L, "attempt to abort with pending subrequests")
	}
}

func (a *api) onAbort(L *lua.LState) int {
	c := a.h.Current(L)
	if c == nil || c.Phase == PhaseInit {
		raiseC(L, "no request found")
	}
	if c.Req == nil {
		raiseC(L, "API disabled in the context of %s", contextName(c.Phase))
	}
	ab, ok := c.Req.(AbortRequest)
	if !ok {
		raiseC(L, "API disabled in the context of %s", contextName(c.Phase))
	}
	fn, ok := L.Get(1).(*lua.LFunction)
	if !ok || fn.IsG {
		argError(L, 1, "on_abort", "Lua function expected")
	}
	phaseCheck(L, c, PhasesYieldable)
	if err := ab.OnAbort(fn); err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(err.Error()))
		return 2
	}
	L.Push(lua.LNumber(1))
	return 1
}
