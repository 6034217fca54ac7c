package ngxshim

import lua "github.com/yuin/gopher-lua"

// ngx.thread: light threads (ngx_http_lua_uthread.c).

func (a *api) openThread(L *lua.LState) {
	t := L.NewTable()
	L.SetFuncs(t, map[string]lua.LGFunction{
		"spawn": a.threadSpawn,
		"wait":  a.threadWait,
		"kill":  a.threadKill,
	})
	a.ngx.RawSetString("thread", t)
}

// yieldableCtx returns L's context, raising ngx_lua's errors outside a
// request or timer, or in a phase that cannot block.
func (a *api) yieldableCtx(L *lua.LState) *Ctx {
	c := a.h.Current(L)
	if c == nil {
		L.RaiseError("no request found")
	}
	checkPhase(L, c, PhasesYieldable)
	return c
}

func (a *api) threadSpawn(L *lua.LState) int {
	fn, ok := L.Get(1).(*lua.LFunction)
	if !ok {
		typeError(L, 1, "spawn", "function")
	}
	a.yieldableCtx(L)
	th, err := a.h.Threads().Spawn(L, fn, argsFrom(L, 2))
	if err != nil {
		L.RaiseError("%s", err.Error())
	}
	L.Push(th)
	return 1
}

func (a *api) threadWait(L *lua.LState) int {
	a.yieldableCtx(L)
	n := L.GetTop()
	if n == 0 {
		L.RaiseError("at least one coroutine should be specified")
	}
	ths := make([]*lua.LState, n)
	for i := 1; i <= n; i++ {
		th, ok := L.Get(i).(*lua.LState)
		if !ok {
			argError(L, i, "wait", "lua thread expected")
		}
		ths[i-1] = th
	}
	_, results, err := a.h.Threads().Wait(L, ths)
	if err != nil {
		L.RaiseError("%s", err.Error())
	}
	for _, v := range results {
		L.Push(v)
	}
	return len(results)
}

func (a *api) threadKill(L *lua.LState) int {
	a.yieldableCtx(L)
	th, ok := L.Get(1).(*lua.LState)
	if !ok {
		argError(L, 1, "kill", "lua thread expected")
	}
	ok, err := a.h.Threads().Kill(L, th)
	if err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(err.Error()))
		return 2
	}
	L.Push(lua.LNumber(1))
	return 1
}

// argsFrom returns the values on L's stack from index n on.
func argsFrom(L *lua.LState, n int) []lua.LValue {
	top := L.GetTop()
	if top < n {
		return nil
	}
	vals := make([]lua.LValue, top-n+1)
	for i := range vals {
		vals[i] = L.Get(n + i)
	}
	return vals
}
