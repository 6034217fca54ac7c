package ngxshim

import (
	lua "github.com/yuin/gopher-lua"
)

// ngx.process: the process model the engine runs.

// ProcessHost is what ngx.process needs from the engine beyond Host; the
// engine's Host implements it. Without it gresty looks like nginx with
// master_process off: every VM is in the "single" process, whose pid is
// the master pid, and signal_graceful_exit fails.
type ProcessHost interface {
	// ProcessType returns nginx's name for the process L's VM stands for:
	// "single", "master" (init_by_lua under a master) or "worker".
	ProcessType(L *lua.LState) string
	// MasterPID returns the pid of the master process, or the process's
	// own pid when there is no master.
	MasterPID() int
	// SignalGracefulExit makes the worker of L exit as on SIGQUIT: no new
	// requests, pending ones and timers run to completion.
	SignalGracefulExit(L *lua.LState)
}

func (a *api) processModule(L *lua.LState) *lua.LTable {
	t := L.NewTable()
	t.RawSetString("version", lua.LString(RestyCoreVersion))
	ph, _ := a.h.(ProcessHost)
	L.SetFuncs(t, map[string]lua.LGFunction{
		"type": func(L *lua.LState) int {
			if ph == nil {
				L.Push(lua.LString("single"))
			} else {
				L.Push(lua.LString(ph.ProcessType(L)))
			}
			return 1
		},
		"get_master_pid": func(L *lua.LState) int {
			if ph == nil {
				L.Push(lua.LNumber(a.h.Worker().PID))
			} else {
				L.Push(lua.LNumber(ph.MasterPID()))
			}
			return 1
		},
		"signal_graceful_exit": func(L *lua.LState) int {
			if ph == nil {
				raiseCaller(L, "ngx.process.signal_graceful_exit: not supported by gresty")
			}
			ph.SignalGracefulExit(L)
			return 0
		},
		"enable_privileged_agent": func(L *lua.LState) int {
			if c := a.h.Current(L); c == nil || c.Phase != PhaseInit {
				L.Push(lua.LNil)
				L.Push(lua.LString("API disabled in the current context"))
				return 2
			}
			if v := L.Get(1); v != lua.LNil {
				if n, ok := v.(lua.LNumber); !ok || n < 0 {
					L.Push(lua.LNil)
					L.Push(lua.LString("bad 'connections' argument: number expected and greater than 0"))
					return 2
				}
			}
			// Debian's nginx, like gresty, has no privileged agent.
			L.Push(lua.LNil)
			L.Push(lua.LString("missing privileged agent process patch in the nginx core"))
			return 2
		},
	})
	return t
}
