package cosocket

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	lua "github.com/yuin/gopher-lua"

	"gresty/lua51compat"
)

// testHost is a Host for the package's tests: one Lua state, a mutex as
// the worker's baton, and an error log kept in memory.
type testHost struct {
	baton sync.Mutex
	owner *Owner
	conf  *Config
	// yieldOK is the answer to a phase check.
	yieldOK bool
	cancel  chan struct{}
	killed  bool
	exiting bool

	mu   sync.Mutex
	logs []string
}

func newTestHost() *testHost {
	c := DefaultConfig()
	return &testHost{owner: NewOwner(), conf: c, yieldOK: true, cancel: make(chan struct{})}
}

func (h *testHost) Owner(L *lua.LState, yield bool) *Owner {
	if yield && !h.yieldOK {
		raise(L, "API disabled in the context of header_filter_by_lua*")
	}
	return h.owner
}

func (h *testHost) Config(*lua.LState) *Config { return h.conf }

func (h *testHost) Block(L *lua.LState, wait func(cancel <-chan struct{})) {
	h.baton.Unlock()
	wait(h.cancel)
	h.baton.Lock()
	select {
	case <-h.cancel:
		h.killed = true
		panic("killed")
	default:
	}
}

func (h *testHost) Log(_ *lua.LState, level int, msg string) { h.LogGlobal(level, msg) }

func (h *testHost) LogGlobal(level int, msg string) {
	h.mu.Lock()
	h.logs = append(h.logs, fmt.Sprintf("[%d] %s", level, msg))
	h.mu.Unlock()
}

func (h *testHost) DebugEnabled() bool { return true }

func (h *testHost) Exiting() bool { return h.exiting }

// logged reports whether a log line contains s.
func (h *testHost) logged(s string) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, l := range h.logs {
		if strings.Contains(l, s) {
			return true
		}
	}
	return false
}

// luaEnv is a Lua state with the socket API as ngx.socket and a say()
// that collects output.
type luaEnv struct {
	L   *lua.LState
	h   *testHost
	vm  *VM
	out strings.Builder
}

func newLuaEnv(t *testing.T) *luaEnv {
	t.Helper()
	L := lua.NewState()
	lua51compat.OpenLibs(L)
	h := newTestHost()
	vm, sock := Install(L, h)
	e := &luaEnv{L: L, h: h, vm: vm}
	ngx := L.NewTable()
	ngx.RawSetString("socket", sock)
	L.SetGlobal("ngx", ngx)
	L.SetGlobal("say", L.NewFunction(func(L *lua.LState) int {
		for i := 1; i <= L.GetTop(); i++ {
			e.out.WriteString(lua51compat.ToStringMeta(L, L.Get(i)))
		}
		e.out.WriteByte('\n')
		return 0
	}))
	t.Cleanup(func() {
		h.baton.Lock()
		h.owner.End()
		h.baton.Unlock()
		vm.Close()
		L.Close()
	})
	return e
}

// run runs src holding the baton and returns what it said, with an error
// raised by the code as a last line "error: ...".
func (e *luaEnv) run(t *testing.T, src string) string {
	t.Helper()
	e.out.Reset()
	fn, err := lua51compat.Load(e.L, []byte(src), "=test")
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	e.h.baton.Lock()
	defer e.h.baton.Unlock()
	if err := e.L.CallByParam(lua.P{Fn: fn, NRet: 0, Protect: true}); err != nil {
		if ae, ok := err.(*lua.ApiError); ok {
			e.out.WriteString("error: " + lua.LVAsString(ae.Object) + "\n")
		} else {
			e.out.WriteString("error: " + err.Error() + "\n")
		}
	}
	return e.out.String()
}

// server is a loopback TCP server running handle for each connection.
type server struct {
	ln   net.Listener
	wg   sync.WaitGroup
	port int
}

func startServer(t *testing.T, handle func(c net.Conn)) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &server{ln: ln, port: ln.Addr().(*net.TCPAddr).Port}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				defer c.Close()
				handle(c)
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		s.wg.Wait()
	})
	return s
}

// replyServer sends reply to each client and closes after delay.
func replyServer(t *testing.T, reply string, delay time.Duration) *server {
	return startServer(t, func(c net.Conn) {
		c.Write([]byte(reply))
		time.Sleep(delay)
	})
}

// echoServer sends back what it reads until the client closes.
func echoServer(t *testing.T) *server {
	return startServer(t, func(c net.Conn) {
		buf := make([]byte, 4096)
		for {
			n, err := c.Read(buf)
			if n > 0 {
				c.Write(buf[:n])
			}
			if err != nil {
				return
			}
		}
	})
}

// closedPort returns a loopback port nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	return p
}
