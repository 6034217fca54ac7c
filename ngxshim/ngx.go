package ngxshim

import (
	"fmt"
	"path"

	lua "github.com/yuin/gopher-lua"
)

// api is the ngx namespace of one worker VM, bound to its host.
type api struct {
	h Host
	// null is ngx.null, the sentinel cjson and the socket libraries also use.
	null *lua.LUserData
	ngx  *lua.LTable
}

// Null returns ngx.null of the VM L belongs to.
func Null(L *lua.LState) lua.LValue {
	ngx, ok := L.GetGlobal("ngx").(*lua.LTable)
	if !ok {
		return lua.LNil
	}
	return ngx.RawGetString("null")
}

// Open installs the ngx namespace, print and ngx_lua's package.loaded
// entries into a worker VM.
func Open(L *lua.LState, h Host) {
	a := &api{h: h, ngx: L.NewTable()}
	a.null = L.NewUserData()
	a.null.Value = nil
	nullMT := L.NewTable()
	nullMT.RawSetString("__tostring", L.NewFunction(func(L *lua.LState) int {
		L.Push(lua.LString("null"))
		return 1
	}))
	a.null.Metatable = nullMT
	a.ngx.RawSetString("null", a.null)

	openConsts(L, a.ngx)
	for _, lib := range []map[string]lua.LGFunction{
		a.outputFuncs(), a.logFuncs(), a.exitFuncs(), a.sleepFuncs(), a.phaseFuncs(), a.timeFuncs(),
	} {
		for name, fn := range lib {
			a.ngx.RawSetString(name, L.NewFunction(fn))
		}
	}
	a.openThread(L)
	a.openWorkerThread(L)
	a.openTimer(L)
	a.openWorker(L)
	a.openConfig(L)
	a.openMagicFields(L)
	a.openVar(L)
	a.openSocket(L)
	a.openCodec(L)
	a.openShdict(L, hostSharedDicts(h))
	a.openRequestAPI(L)

	L.SetGlobal("ngx", a.ngx)
	L.SetGlobal("print", L.NewFunction(a.print))
	if loaded, ok := L.GetField(L.Get(lua.RegistryIndex), "_LOADED").(*lua.LTable); ok {
		loaded.RawSetString("ngx", a.ngx)
	}
	openRegex(L, a.ngx, hostRegexConfig(a))
	a.openNDK(L)
	a.openRestyCore(L)
}

// ctx returns the context of L's thread or raises ngx_lua's error for a call
// outside a request when needRequest is set.
func (a *api) ctx(L *lua.LState) *Ctx {
	return a.h.Current(L)
}

// request returns L's request or raises "no request object found"; in a
// timer (ngx_lua's fake request) it raises the context error the API's
// phase check gives there.
func (a *api) request(L *lua.LState) (*Ctx, Request) {
	c := a.h.Current(L)
	if c == nil {
		L.RaiseError("no request object found")
	}
	if c.Req == nil {
		if c.Phase == PhaseInit {
			L.RaiseError("no request object found")
		}
		L.RaiseError("API disabled in the context of %s", contextName(c.Phase))
	}
	return c, c.Req
}

// realRequest is request for the APIs ngx_lua refuses on its fake
// requests with "API disabled in the current context" (ngx.status,
// ngx.headers_sent in a timer).
func (a *api) realRequest(L *lua.LState) (*Ctx, Request) {
	c := a.h.Current(L)
	if c != nil && c.Req == nil && c.Phase != PhaseInit {
		L.RaiseError("API disabled in the current context")
	}
	return a.request(L)
}

// checkPhase raises ngx_lua's "API disabled in the context of ..." error
// when c's phase is not in allowed.
func checkPhase(L *lua.LState, c *Ctx, allowed Phase) {
	if c.Phase&allowed == 0 {
		L.RaiseError("API disabled in the context of %s", contextName(c.Phase))
	}
}

// contextName is how ngx_lua names a phase in its errors.
func contextName(p Phase) string {
	switch p {
	case PhaseTimer:
		return "ngx.timer"
	case PhaseSSLCert:
		return "ssl_certificate_by_lua*"
	case PhaseSSLSessStore:
		return "ssl_session_store_by_lua*"
	case PhaseSSLSessFetch:
		return "ssl_session_fetch_by_lua*"
	case PhaseInit:
		return "init_by_lua*"
	}
	if s, ok := phaseNames[p]; ok {
		return s + "_by_lua*"
	}
	return "(unknown)"
}

// argError raises LuaJIT's "bad argument #n to 'fname' (msg)".
func argError(L *lua.LState, n int, fname, msg string) {
	L.RaiseError("bad argument #%d to '%s' (%s)", n, fname, msg)
}

// typeError raises LuaJIT's "bad argument #n to 'fname' (T expected, got U)".
func typeError(L *lua.LState, n int, fname, expected string) {
	got := "no value"
	if n <= L.GetTop() {
		got = L.Get(n).Type().String()
	}
	argError(L, n, fname, fmt.Sprintf("%s expected, got %s", expected, got))
}

// checkNumber is luaL_checknumber with LuaJIT's message, accepting numeric
// strings as Lua does.
func checkNumber(L *lua.LState, n int, fname string) float64 {
	switch v := L.Get(n).(type) {
	case lua.LNumber:
		return float64(v)
	case lua.LString:
		if f, err := parseLuaNumber(string(v)); err == nil {
			return f
		}
	}
	typeError(L, n, fname, "number")
	return 0
}

// callerSource returns the base name of the source and the line of the Lua
// function calling the running Go function, and its name when Lua knows one,
// as ngx.log prints them ("[lua] file:12: func(): msg").
func callerSource(L *lua.LState) (src string, line int, fname string) {
	dbg, ok := L.GetStack(1)
	if !ok {
		return "", 0, ""
	}
	L.GetInfo("Snl", dbg, nil)
	src = path.Base(dbg.Source)
	if dbg.Source == "" {
		src = ""
	}
	line = dbg.CurrentLine
	if line <= 0 {
		line = dbg.LineDefined
	}
	if dbg.What == "Lua" && dbg.Name != "" && dbg.Name[0] != '<' && dbg.Name[0] != '(' {
		fname = dbg.Name
	}
	return src, line, fname
}
