package ngxshim

import (
	"time"

	lua "github.com/yuin/gopher-lua"
)

// ngx.balancer: what balancer_by_lua code sets of the upstream attempt
// proxy_pass is about to make (the peer, more tries, timeouts), with
// lua-resty-core's argument checks and ngx_lua's error strings.

// Balancer is what a request in balancer_by_lua offers ngx.balancer; the
// runtime's request implements it.
type Balancer interface {
	// SetCurrentPeer picks the peer of this attempt: addr is an IP address,
	// optionally with ":port", port the port when addr has none. It
	// returns ngx_lua's error text, "" on success.
	SetCurrentPeer(addr string, port int) string
	// SetMoreTries adds tries after this one; warning is "reduced tries
	// due to limit" when proxy_next_upstream_tries capped them.
	SetMoreTries(n int) (warning string)
	// LastFailure is the state of the previous attempt ("failed", "next",
	// "" for none) and its status.
	LastFailure() (state string, status int)
	// SetTimeouts replaces the request's upstream timeouts; zero keeps one.
	SetTimeouts(connect, send, read time.Duration)
	// RecreateRequest builds the upstream request anew for this attempt.
	RecreateRequest() string
}

// balancerRequest returns the request's Balancer, or the error string
// ngx_lua's FFI functions give outside balancer_by_lua.
func (a *api) balancerRequest(L *lua.LState) (Balancer, string) {
	c := a.h.Current(L)
	if c == nil || c.Req == nil {
		L.RaiseError("no request found")
	}
	b, ok := c.Req.(Balancer)
	if !ok || c.Phase != PhaseBalancer {
		return nil, "API disabled in the current context"
	}
	return b, ""
}

// balancerModule builds ngx.balancer.
func (a *api) balancerModule(L *lua.LState) *lua.LTable {
	t := L.NewTable()
	t.RawSetString("version", lua.LString(RestyCoreVersion))
	L.SetFuncs(t, map[string]lua.LGFunction{
		"set_current_peer": a.balancerSetCurrentPeer,
		"set_more_tries":   a.balancerSetMoreTries,
		"get_last_failure": a.balancerGetLastFailure,
		"set_timeouts":     a.balancerSetTimeouts,
		"recreate_request": a.balancerRecreateRequest,
	})
	return t
}

func (a *api) balancerSetCurrentPeer(L *lua.LState) int {
	addr := L.CheckString(1)
	port := 0
	if v := L.Get(2); v != lua.LNil {
		// lua-resty-core passes tonumber(port)
		port = int(lua.LVAsNumber(v))
	}
	b, errStr := a.balancerRequest(L)
	if errStr == "" {
		errStr = b.SetCurrentPeer(addr, port)
	}
	if errStr != "" {
		L.Push(lua.LNil)
		L.Push(lua.LString(errStr))
		return 2
	}
	L.Push(lua.LTrue)
	return 1
}

func (a *api) balancerSetMoreTries(L *lua.LState) int {
	n := L.CheckInt(1)
	b, errStr := a.balancerRequest(L)
	if errStr != "" {
		L.Push(lua.LNil)
		L.Push(lua.LString(errStr))
		return 2
	}
	L.Push(lua.LTrue)
	if w := b.SetMoreTries(n); w != "" {
		L.Push(lua.LString(w))
		return 2
	}
	return 1
}

func (a *api) balancerGetLastFailure(L *lua.LState) int {
	b, errStr := a.balancerRequest(L)
	if errStr != "" {
		L.Push(lua.LNil)
		L.Push(lua.LNil)
		L.Push(lua.LString(errStr))
		return 3
	}
	state, status := b.LastFailure()
	if state == "" {
		L.Push(lua.LNil)
		return 1
	}
	L.Push(lua.LString(state))
	L.Push(lua.LNumber(status))
	return 2
}

func (a *api) balancerSetTimeouts(L *lua.LState) int {
	var d [3]time.Duration
	for i, what := range []string{"connect", "send", "read"} {
		switch v := L.Get(i + 1).(type) {
		case *lua.LNilType:
		case lua.LNumber:
			if v <= 0 {
				raiseCaller(L, "bad "+what+" timeout")
			}
			d[i] = time.Duration(float64(v) * float64(time.Second))
		default:
			raiseCaller(L, "bad "+what+" timeout")
		}
	}
	b, errStr := a.balancerRequest(L)
	if errStr != "" {
		L.Push(lua.LFalse)
		L.Push(lua.LString(errStr))
		return 2
	}
	b.SetTimeouts(d[0], d[1], d[2])
	L.Push(lua.LTrue)
	return 1
}

func (a *api) balancerRecreateRequest(L *lua.LState) int {
	b, errStr := a.balancerRequest(L)
	if errStr == "" {
		errStr = b.RecreateRequest()
	}
	if errStr != "" {
		L.Push(lua.LNil)
		L.Push(lua.LString(errStr))
		return 2
	}
	L.Push(lua.LTrue)
	return 1
}
