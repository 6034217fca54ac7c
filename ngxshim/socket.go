package ngxshim

import (
	lua "github.com/yuin/gopher-lua"

	"gresty/cosocket"
)

// ngx.socket.* and ngx.req.socket: the glue between the ngx API and package
// cosocket. It decides who owns a socket (the request, timer or init phase
// L runs for), where cosockets may block, and hands cosocket the settings
// in effect.

// socketsKey is where a VM's glue lives in its registry.
const socketsKey = "gresty.cosockets"

// sockets is the cosocket glue of one worker VM.
type sockets struct {
	a      *api
	sh     SocketHost
	vm     *cosocket.VM
	owners map[*Ctx]*cosocket.Owner
	// initOwner owns the cosockets of code running outside any context
	// (while the VM loads, with lua_cosocket_everywhere).
	initOwner *cosocket.Owner
	defaults  *cosocket.Config
}

// openSocket installs ngx.socket and ngx.req.socket.
func (a *api) openSocket(L *lua.LState) {
	g := &sockets{a: a, owners: make(map[*Ctx]*cosocket.Owner), defaults: cosocket.DefaultConfig()}
	g.sh, _ = a.h.(SocketHost)
	vm, tbl := cosocket.Install(L, g)
	g.vm = vm
	a.ngx.RawSetString("socket", tbl)
	req, ok := a.ngx.RawGetString("req").(*lua.LTable)
	if !ok {
		req = L.NewTable()
		a.ngx.RawSetString("req", req)
	}
	req.RawSetString("socket", L.NewFunction(g.reqSocket))
	ud := L.NewUserData()
	ud.Value = g
	L.G.Registry.RawSetString(socketsKey, ud)
}

// socketsOf returns the glue of L's VM, nil when it has none.
func socketsOf(L *lua.LState) *sockets {
	ud, ok := L.G.Registry.RawGetString(socketsKey).(*lua.LUserData)
	if !ok {
		return nil
	}
	g, _ := ud.Value.(*sockets)
	return g
}

// EndCosockets closes the cosockets that c's request, timer or init phase
// left open, as nginx's request cleanup does. The engine calls it when c
// ends, holding the baton.
func EndCosockets(L *lua.LState, c *Ctx) {
	g := socketsOf(L)
	if g == nil {
		return
	}
	if o := g.owners[c]; o != nil {
		delete(g.owners, c)
		o.End()
	}
}

// EndCosocketsWith leaves the cosockets c's subrequest left open to be
// closed when main's request ends, where nginx's cleanup of them lives;
// until then they stay bound to the subrequest. The caller holds the baton.
func EndCosocketsWith(L *lua.LState, c, main *Ctx) {
	g := socketsOf(L)
	if g == nil {
		return
	}
	o := g.owners[c]
	if o == nil {
		return
	}
	delete(g.owners, c)
	if o.Open() == 0 {
		o.End()
		return
	}
	mo := g.owners[main]
	if mo == nil {
		mo = cosocket.NewOwner()
		g.owners[main] = mo
	}
	o.EndWith(mo)
}

// CloseCosockets closes the idle connections of the keepalive pools of L's
// VM; the engine calls it when the worker exits.
func CloseCosockets(L *lua.LState) {
	if g := socketsOf(L); g != nil {
		g.initOwner.End()
		g.vm.Close()
	}
}

// everywhere are the phases lua_cosocket_everywhere opens to cosockets.
const everywhere = PhaseInit | PhaseInitWorker | PhaseSet | PhaseHeaderFilter | PhaseBodyFilter | PhaseLog

// Owner implements cosocket.Host.
func (g *sockets) Owner(L *lua.LState, yield bool) *cosocket.Owner {
	c := g.a.h.Current(L)
	if c == nil || c.Phase == PhaseInit {
		// init_by_lua runs without a request in nginx
		if !g.everywhere(L) {
			raiseWhere(L, "no request found")
		}
		if c == nil {
			if g.initOwner == nil {
				g.initOwner = cosocket.NewOwner()
			}
			return g.initOwner
		}
	}
	if yield && c.Phase&PhasesYieldable == 0 && !(c.Phase&everywhere != 0 && g.everywhere(L)) {
		raiseWhere(L, "API disabled in the context of "+contextName(c.Phase))
	}
	o := g.owners[c]
	if o == nil {
		o = cosocket.NewOwner()
		g.owners[c] = o
	}
	return o
}

func (g *sockets) everywhere(L *lua.LState) bool {
	return g.sh != nil && g.sh.CosocketsEverywhere(L)
}

// Config implements cosocket.Host.
func (g *sockets) Config(L *lua.LState) *cosocket.Config {
	if g.sh != nil {
		if c := g.sh.SocketConfig(L); c != nil {
			return c
		}
	}
	return g.defaults
}

// Block implements cosocket.Host.
func (g *sockets) Block(L *lua.LState, wait func(cancel <-chan struct{})) { g.a.h.Block(L, wait) }

// Log implements cosocket.Host.
func (g *sockets) Log(L *lua.LState, level int, msg string) { g.a.h.Log(L, level, msg) }

// LogGlobal implements cosocket.Host.
func (g *sockets) LogGlobal(level int, msg string) {
	if g.sh != nil {
		g.sh.LogGlobal(level, msg)
	}
}

// DebugEnabled implements cosocket.Host.
func (g *sockets) DebugEnabled() bool { return g.sh != nil && g.sh.LogEnabled(LogDebug) }

// Exiting implements cosocket.Host.
func (g *sockets) Exiting() bool {
	wi := g.a.h.Worker()
	return wi.Exiting != nil && wi.Exiting()
}

// reqSocket is ngx.req.socket(raw?).
func (g *sockets) reqSocket(L *lua.LState) int {
	raw := false
	switch n := L.GetTop(); n {
	case 0:
	case 1:
		raw = lua.LVAsBool(L.Get(1))
		L.Pop(1)
	default:
		raiseWhere(L, "expecting zero arguments, but got "+itoa(n))
	}
	c := g.a.h.Current(L)
	if c == nil || c.Req == nil && c.Phase == PhaseInit {
		raiseWhere(L, "no request found")
	}
	if c.Req == nil {
		raiseWhere(L, "API disabled in the context of "+contextName(c.Phase))
	}
	sr, ok := c.Req.(SocketRequest)
	if !ok {
		raiseWhere(L, "no request found")
	}
	if !raw && sr.ChunkedBody() {
		L.Push(lua.LNil)
		L.Push(lua.LString("chunked request bodies not supported yet"))
		return 2
	}
	if c.Phase&(PhaseRewrite|PhaseServerRewrite|PhaseAccess|PhaseContent) == 0 {
		raiseWhere(L, "API disabled in the context of "+contextName(c.Phase))
	}
	return g.vm.ReqSocket(L, g.Owner(L, false), sr, raw)
}

// raiseWhere raises msg as luaL_error does: with the position of the Lua
// code that called the running Go function, none when Go code called it.
func raiseWhere(L *lua.LState, msg string) {
	where := ""
	if dbg, ok := L.GetStack(1); ok {
		if fv, err := L.GetInfo("Slf", dbg, lua.LNil); err == nil {
			if fn, isFn := fv.(*lua.LFunction); isFn && !fn.IsG && dbg.CurrentLine > 0 {
				where = dbg.Source + ":" + itoa(dbg.CurrentLine) + ": "
			}
		}
	}
	L.Error(lua.LString(where+msg), 0)
}

// itoa formats a small integer.
func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	neg := n < 0
	if neg {
		n = -n
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
