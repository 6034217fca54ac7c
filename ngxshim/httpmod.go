package ngxshim

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/cjoudrey/gluahttp"
	lua "github.com/yuin/gopher-lua"
)

// require "http": gluahttp (github.com/cjoudrey/gluahttp), a blocking HTTP
// client for gopher-lua scripts. Its functions build Lua values on the
// state that calls them, so they cannot run on a worker VM with the baton
// released. Each call therefore runs on a private state of its own, off the
// baton (through Host.Block): the arguments are copied there, and the
// results (response objects included) are copied back into plain values
// the worker's state then rebuilds. Killing the calling Lua thread cancels
// the request. With GRESTY_TEST_MODE set, only loopback addresses can be
// reached.
//
// Request handlers should prefer lua-resty-http: it runs on cosockets,
// honours the lua_socket_* settings and keeps connections in the
// per-worker pools. gluahttp is for scripts written for gopher-lua and for
// simple calls where a goroutine and a private state per call do not
// matter; it reads whole bodies into memory and has no timeout unless the
// call sets one.

// httpResponseType names the response objects' metatable in both states.
const httpResponseType = "http.response"

// httpResponseFields are the fields a response object has.
var httpResponseFields = []string{"headers", "cookies", "status_code", "url", "body", "body_size"}

// httpStates keeps private states with gluahttp loaded, one per call in
// progress.
var httpStates = sync.Pool{New: func() any { return newHTTPState() }}

// httpState is a private gopher-lua state running gluahttp.
type httpState struct {
	L   *lua.LState
	mod *lua.LTable
}

func newHTTPState() *httpState {
	L := lua.NewState(lua.Options{SkipOpenLibs: true})
	client := &http.Client{Transport: httpTransport()}
	L.Push(L.NewFunction(gluahttp.NewHttpModule(client).Loader))
	L.Call(0, 1)
	mod := L.Get(-1).(*lua.LTable)
	L.Pop(1)
	return &httpState{L: L, mod: mod}
}

// httpTransport is the default transport, restricted to loopback while
// GRESTY_TEST_MODE is set: no proxy, and a check on the resolved address
// of every connection before it is made.
func httpTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = func(req *http.Request) (*url.URL, error) {
		if testMode() {
			return nil, nil
		}
		return http.ProxyFromEnvironment(req)
	}
	d := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Control: loopbackOnly}
	t.DialContext = d.DialContext
	return t
}

// testMode reports whether gresty runs in test mode.
func testMode() bool { return os.Getenv("GRESTY_TEST_MODE") != "" }

// loopbackOnly refuses, in test mode, connections to addresses outside
// 127.0.0.0/8 and ::1.
func loopbackOnly(network, address string, _ syscall.RawConn) error {
	if !testMode() {
		return nil
	}
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("connecting to non-loopback address %s is not allowed in test mode", host)
	}
	return nil
}

func (a *api) httpModule(L *lua.LState) *lua.LTable {
	mod := L.NewTable()
	for _, name := range []string{"get", "delete", "head", "patch", "post", "put", "request", "request_batch"} {
		mod.RawSetString(name, L.NewFunction(func(L *lua.LState) int {
			return a.httpCall(L, name)
		}))
	}
	mt := L.NewTypeMetatable(httpResponseType)
	mt.RawSetString("__index", L.NewFunction(httpResponseIndex))
	mod.RawSetString("response", mt)
	return mod
}

// httpCall runs gluahttp's function name with L's arguments on a private
// state and returns its results on L.
func (a *api) httpCall(L *lua.LState, name string) int {
	args := make([]any, L.GetTop())
	for i := range args {
		args[i] = copyOut(L.Get(i+1), nil)
	}
	var results []any
	var failure error
	a.h.Block(L, func(cancel <-chan struct{}) {
		results, failure = runHTTP(name, args, cancel)
	})
	if failure != nil {
		L.RaiseError("%s", failure.Error())
	}
	for _, r := range results {
		L.Push(copyIn(L, r))
	}
	return len(results)
}

// runHTTP calls the function on a private state, cancelling the request
// when cancel is closed.
func runHTTP(name string, args []any, cancel <-chan struct{}) ([]any, error) {
	st := httpStates.Get().(*httpState)
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		select {
		case <-cancel:
			stop()
		case <-done:
		}
	}()
	defer func() {
		close(done)
		stop()
		st.L.RemoveContext()
		st.L.SetTop(0)
		httpStates.Put(st)
	}()
	st.L.SetContext(ctx)
	largs := make([]lua.LValue, len(args))
	for i, v := range args {
		largs[i] = copyIn(st.L, v)
	}
	if err := st.L.CallByParam(lua.P{Fn: st.mod.RawGetString(name), NRet: lua.MultRet, Protect: true}, largs...); err != nil {
		return nil, err
	}
	mt := st.L.GetTypeMetatable(httpResponseType)
	results := make([]any, st.L.GetTop())
	for i := range results {
		results[i] = copyOut(st.L.Get(i+1), func(ud *lua.LUserData) any {
			if ud.Metatable != mt {
				return nil
			}
			return readHTTPResponse(st.L, ud)
		})
	}
	return results, nil
}

// httpResponse is a response object copied out of the private state.
type httpResponse map[string]any

// readHTTPResponse reads every field of a gluahttp response object.
func readHTTPResponse(L *lua.LState, ud *lua.LUserData) httpResponse {
	r := httpResponse{}
	for _, f := range httpResponseFields {
		r[f] = copyOut(L.GetField(ud, f), nil)
	}
	return r
}

// httpResponseIndex is the __index of response objects on the worker's
// state; headers and cookies are new tables on every access, as in
// gluahttp.
func httpResponseIndex(L *lua.LState) int {
	ud := L.CheckUserData(1)
	r, ok := ud.Value.(httpResponse)
	if !ok {
		L.ArgError(1, "http.response expected")
	}
	v, ok := r[L.CheckString(2)]
	if !ok {
		return 0
	}
	L.Push(copyIn(L, v))
	return 1
}

// httpTable is a table copied out of a state, its pairs in traversal
// order.
type httpTable struct{ keys, vals []any }

// copyOut converts v into a state-independent value: nil, bool, float64,
// string, *httpTable, or what userdata converts a userdata into (nil when
// it is nil). Functions and threads become nil; a table met again (a cycle)
// is copied once.
func copyOut(v lua.LValue, userdata func(*lua.LUserData) any) any {
	return copyOutSeen(v, userdata, map[*lua.LTable]*httpTable{})
}

func copyOutSeen(v lua.LValue, userdata func(*lua.LUserData) any, seen map[*lua.LTable]*httpTable) any {
	switch x := v.(type) {
	case lua.LBool:
		return bool(x)
	case lua.LNumber:
		return float64(x)
	case lua.LString:
		return string(x)
	case *lua.LTable:
		if t, ok := seen[x]; ok {
			return t
		}
		t := &httpTable{}
		seen[x] = t
		x.ForEach(func(k, val lua.LValue) {
			t.keys = append(t.keys, copyOutSeen(k, userdata, seen))
			t.vals = append(t.vals, copyOutSeen(val, userdata, seen))
		})
		return t
	case *lua.LUserData:
		if r, ok := x.Value.(httpResponse); ok {
			return r
		}
		if userdata != nil {
			return userdata(x)
		}
	}
	return nil
}

// copyIn rebuilds a value made by copyOut on L.
func copyIn(L *lua.LState, v any) lua.LValue {
	return copyInSeen(L, v, map[*httpTable]*lua.LTable{})
}

func copyInSeen(L *lua.LState, v any, seen map[*httpTable]*lua.LTable) lua.LValue {
	switch x := v.(type) {
	case bool:
		return lua.LBool(x)
	case float64:
		return lua.LNumber(x)
	case string:
		return lua.LString(x)
	case *httpTable:
		if t, ok := seen[x]; ok {
			return t
		}
		t := L.CreateTable(0, len(x.keys))
		seen[x] = t
		for i, k := range x.keys {
			if kv := copyInSeen(L, k, seen); kv != lua.LNil {
				t.RawSet(kv, copyInSeen(L, x.vals[i], seen))
			}
		}
		return t
	case httpResponse:
		ud := L.NewUserData()
		ud.Value = x
		ud.Metatable = L.GetTypeMetatable(httpResponseType)
		return ud
	}
	return lua.LNil
}
