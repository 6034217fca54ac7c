package ngxshim

import (
	"time"

	lua "github.com/yuin/gopher-lua"
)

// ngx.timer (ngx_http_lua_timer.c).

func (a *api) openTimer(L *lua.LState) {
	t := L.NewTable()
	L.SetFuncs(t, map[string]lua.LGFunction{
		"at":            func(L *lua.LState) int { return a.timerAt(L, false) },
		"every":         func(L *lua.LState) int { return a.timerAt(L, true) },
		"running_count": func(L *lua.LState) int { L.Push(lua.LNumber(a.h.Timers().RunningCount())); return 1 },
		"pending_count": func(L *lua.LState) int { L.Push(lua.LNumber(a.h.Timers().PendingCount())); return 1 },
	})
	a.ngx.RawSetString("timer", t)
}

func (a *api) timerAt(L *lua.LState, every bool) int {
	fname := "at"
	if every {
		fname = "every"
	}
	if n := L.GetTop(); n < 2 {
		L.RaiseError("expecting at least 2 arguments but got %d", n)
	}
	delay := time.Duration(checkNumber(L, 1, fname)*1000) * time.Millisecond
	if every && delay == 0 {
		L.RaiseError("delay cannot be zero")
	}
	fn, ok := L.Get(2).(*lua.LFunction)
	if !ok || fn.IsG {
		argError(L, 2, fname, "Lua function expected")
	}
	c := a.h.Current(L)
	if c == nil || c.Phase == PhaseInit {
		L.RaiseError("no request")
	}
	if c.Phase == PhaseExitWorker {
		L.RaiseError("API disabled in the context of %s", contextName(c.Phase))
	}
	if err := a.h.Timers().At(L, delay, every, fn, argsFrom(L, 3)); err != nil {
		L.Push(lua.LNil)
		L.Push(lua.LString(err.Error()))
		return 2
	}
	L.Push(lua.LNumber(1))
	return 1
}
