package runtime

import (
	"strings"

	lua "github.com/yuin/gopher-lua"

	"gresty/ngxshim"
)

// Globals. By default a worker VM has one _G shared by every request, as in
// ngx_lua 0.10.23 on OpenResty's LuaJIT, with its "_G write guard": creating
// a global from a request or timer logs a warning. With the gresty directive
// lua_request_globals on, each run gets a global table of its own that
// inherits _G, so the globals a request writes die with it (ngx_lua's model
// before OpenResty's LuaJIT, and the seed's design note).

// installGlobalGuard sets _G's __newindex to ngx_lua's write guard.
func (w *Worker) installGlobalGuard() {
	L := w.L
	mt := L.NewTable()
	mt.RawSetString("__newindex", L.NewFunction(w.globalWriteGuard))
	L.SetMetatable(L.G.Global, mt)
}

func (w *Worker) globalWriteGuard(L *lua.LState) int {
	tb := L.CheckTable(1)
	key := L.Get(2)
	tb.RawSet(key, L.Get(3))
	ctx := w.Current(L)
	if ctx == nil || ctx.Phase == ngxshim.PhaseInit || ctx.Phase == ngxshim.PhaseInitWorker {
		return 0
	}
	if w.cfg.Log == nil || !w.cfg.Log.Enabled(ngxshim.LogWarn) {
		return 0
	}
	var b strings.Builder
	b.WriteString("[lua] _G write guard:12: __newindex(): writing a global Lua variable ('")
	b.WriteString(lua.LVAsString(L.ToStringMeta(key)))
	b.WriteString("') which may lead to race conditions between concurrent requests, so prefer the use of 'local' variables\nstack traceback:")
	writeFrames(&b, L, 1)
	w.Log(L, ngxshim.LogWarn, b.String())
	return 0
}

// requestEnv returns a fresh global table for one run that reads through to
// _G.
func (w *Worker) requestEnv(L *lua.LState) *lua.LTable {
	env := L.NewTable()
	mt := L.NewTable()
	mt.RawSetString("__index", L.G.Global)
	env.Metatable = mt
	env.RawSetString("_G", env)
	return env
}
