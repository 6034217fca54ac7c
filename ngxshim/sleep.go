package ngxshim

import (
	"runtime"
	"strconv"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// ngx.sleep (ngx_http_lua_sleep.c): the thread blocks, the worker does not.

func (a *api) sleepFuncs() map[string]lua.LGFunction {
	return map[string]lua.LGFunction{"sleep": a.sleep}
}

func (a *api) sleep(L *lua.LState) int {
	if n := L.GetTop(); n != 1 {
		L.RaiseError("attempt to pass %d arguments, but accepted 1", n)
	}
	c := a.h.Current(L)
	if c == nil {
		L.RaiseError("no request found")
	}
	delay := int64(checkNumber(L, 1, "sleep") * 1000)
	if delay < 0 {
		L.RaiseError("invalid sleep duration \"%d\"", delay)
	}
	checkPhase(L, c, PhasesYieldable)
	if delay == 0 {
		// Debian's nginx lacks OpenResty's delayed-events patch, and ngx_lua
		// says so on every ngx.sleep(0).
		a.h.Log(L, LogWarn, "ngx.sleep(0) called without delayed events patch, this will hurt performance")
	}
	d := time.Duration(delay) * time.Millisecond
	a.h.Log(L, LogDebug, "lua ready to sleep for "+strconv.FormatInt(delay, 10)+" ms")
	woke := false
	defer func() {
		if !woke {
			// The thread is being killed (request end, ngx.thread.kill,
			// ngx.exit elsewhere) while it sleeps.
			a.h.Log(L, LogDebug, "lua clean up the timer for pending ngx.sleep")
		}
	}()
	a.h.Block(L, func(cancel <-chan struct{}) {
		if d == 0 {
			runtime.Gosched()
			return
		}
		tm := time.NewTimer(d)
		select {
		case <-tm.C:
		case <-cancel:
			tm.Stop()
		}
	})
	woke = true
	uri, args := "", ""
	if c.Req != nil {
		uri, _ = c.Req.Var("uri")
		args, _ = c.Req.Var("args")
	}
	a.h.Log(L, LogDebug, "lua sleep timer expired: \""+uri+"?"+args+"\"")
	return 0
}
