package cosocket

import (
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The expected strings of these tests are the reference's (nginx 1.22.1,
// lua-nginx-module 0.10.23, lua-resty-core 0.1.25), as it printed them
// for the same calls.

func TestConnectArguments(t *testing.T) {
	refused := closedPort(t)
	for _, tc := range []struct {
		name, src, want string
		log             string
	}{
		{"refused", fmt.Sprintf(`say(ngx.socket.tcp():connect("127.0.0.1", %d))`, refused), "nilconnection refused\n",
			"connect() failed (111: Connection refused)"},
		{"no port", `say(ngx.socket.tcp():connect("127.0.0.1"))`, "nilmissing the port number\n", ""},
		{"nil port", `say(ngx.socket.tcp():connect("127.0.0.1", nil))`, "nilmissing the port number\n", ""},
		{"bad port", `say(ngx.socket.tcp():connect("127.0.0.1", 70000))`, "nilbad port number: 70000\n", ""},
		{"no host", `say(ngx.socket.tcp():connect("", 80))`, "nilfailed to parse host name \"\": no host\n", ""},
		{"bad port in host", `say(ngx.socket.tcp():connect("127.0.0.1:abc", 80))`, "nilfailed to parse host name \"127.0.0.1:abc\": invalid port\n", ""},
		{"bare ipv6", `say(ngx.socket.tcp():connect("::1", 80))`, "nilfailed to parse host name \"::1\": invalid port\n", ""},
		{"open bracket", `say(ngx.socket.tcp():connect("[::1", 80))`, "nilfailed to parse host name \"[::1\": invalid host\n", ""},
		{"unix without path", `say(ngx.socket.tcp():connect("unix:", 80))`, "nilfailed to parse host name \"unix:\": no path in the unix domain socket\n", ""},
		{"missing unix socket", `say(ngx.socket.tcp():connect("unix:/nonexistent/x.sock"))`, "nilno such file or directory\n",
			"connect() to unix:/nonexistent/x.sock failed (2: No such file or directory)"},
		{"name without resolver", `say(ngx.socket.tcp():connect("localhost", 80))`, "nilno resolver defined to resolve \"localhost\"\n", ""},
		{"not a quad", `say(ngx.socket.tcp():connect("127.1", 80))`, "nilno resolver defined to resolve \"127.1\"\n", ""},
		{"arity", `local s = ngx.socket.tcp() say(pcall(s.connect, s))`,
			"falsengx.socket connect: expecting 2, 3, or 4 arguments (including the object), but seen 1\n", ""},
		{"pool_size", `local s = ngx.socket.tcp() local ok, err = pcall(function() local a = s:connect("127.0.0.1", 80, {pool_size = 0}) return a end) say(ok, err)`,
			"falsetest:1: bad argument #3 to 'connect' (bad \"pool_size\" option value: 0)\n", ""},
		{"pool type", `local s = ngx.socket.tcp() say(pcall(s.connect, s, "127.0.0.1", 80, {pool = {}}))`,
			"falsebad argument #4 to '?' (bad \"pool\" option type: table)\n", ""},
		{"backlog", `local s = ngx.socket.tcp() local ok, err = pcall(function() local a = s:connect("127.0.0.1", 80, {backlog = -1}) return a end) say(ok, err)`,
			"falsetest:1: bad argument #3 to 'connect' (bad \"backlog\" option value: -1)\n", ""},
		{"self", `local s = ngx.socket.tcp() local ok, err = pcall(function() local a = s.connect(1, "127.0.0.1", 80) return a end) say(ok, err)`,
			"falsetest:1: bad argument #1 to 'connect' (table expected, got number)\n", ""},
		{"tcp arity", `say(pcall(ngx.socket.tcp, 1))`, "falseexpecting zero arguments, but got 1\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newLuaEnv(t)
			if got := e.run(t, tc.src); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
			if tc.log != "" && !e.h.logged(tc.log) {
				t.Errorf("no log line %q in %q", tc.log, e.h.logs)
			}
		})
	}
}

func TestClosedSocket(t *testing.T) {
	e := newLuaEnv(t)
	got := e.run(t, fmt.Sprintf(`
		local s = ngx.socket.tcp()
		say(s:connect("127.0.0.1", %d))
		say(s:send("hello"))
		say(s:receive())
		say(s:close())
		say(s:getreusedtimes())
		say(s:setkeepalive())`, closedPort(t)))
	want := "nilconnection refused\nnilclosed\nnilclosed\nnilclosed\nnilclosed\nnilclosed\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	for _, l := range []string{"attempt to send data on a closed socket: u:", "attempt to receive data on a closed socket: u:"} {
		if !e.h.logged(l) {
			t.Errorf("no log line %q", l)
		}
	}
	e.h.conf.LogErrors = false
	e.h.logs = nil
	e.run(t, `local s = ngx.socket.tcp() s:send("x") s:receive()`)
	if e.h.logged("attempt to") {
		t.Errorf("lua_socket_log_errors off still logs: %q", e.h.logs)
	}
}

func TestReceivePatterns(t *testing.T) {
	for _, tc := range []struct {
		name, reply, src, want string
	}{
		{"lines", "line1\r\nli\rne2\nrest", `say(s:receive()) say(s:receive("*l")) say(s:receive())`,
			"line1\nline2\nnilclosedrest\n"},
		{"sizes", "abcdefgh", `say(s:receive(3)) say(s:receive("2")) say(s:receive(0)) say(s:receive(10))`,
			"abc\nde\n\nnilclosedfgh\n"},
		{"all", "abc\r\ndef", `say(s:receive("*a")) say(s:receive("*a")) say(s:receive())`,
			"abc\r\ndef\n\nnilclosed\n"},
		{"any", "abcdef", `say(s:receiveany(4)) say(s:receiveany(4)) say(s:receiveany(4))`,
			"abcd\nef\nnilclosed\n"},
		{"after close", "x", `say(s:receive("*a")) say(s:receive(1)) say(s:receive(1))`,
			"x\nnilclosed\nnilclosed\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := replyServer(t, tc.reply, 0)
			e := newLuaEnv(t)
			got := e.run(t, fmt.Sprintf(`local s = ngx.socket.tcp() assert(s:connect("127.0.0.1", %d)) %s`, srv.port, tc.src))
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestReceiveArguments(t *testing.T) {
	srv := replyServer(t, "", 200*time.Millisecond)
	e := newLuaEnv(t)
	got := e.run(t, fmt.Sprintf(`
		local s = ngx.socket.tcp()
		assert(s:connect("127.0.0.1", %d))
		local function try(f) local ok, err = pcall(f) say(err) end
		try(function() local a = s:receive({}) return a end)
		try(function() local a = s:receive(-1) return a end)
		try(function() local a = s:receive("*x") return a end)
		try(function() local a = s:receive("abc") return a end)
		try(function() local a = s:receiveany(0) return a end)
		try(function() local a = s:receiveuntil({}) return a end)
		try(function() local a = s:receiveuntil("a", 1) return a end)
		try(function() local a = s:receiveuntil("a", {inclusive = 1}) return a end)
		try(function() local a = s:send({{}, {a = 1}}) return a end)
		try(function() local a = s:send({true}) return a end)
		try(function() local a = s:send(print) return a end)
		try(function() local a = s.send("x", "y") return a end)
		try(function() local a = s:settimeout() return a end)
		try(function() local a = s:settimeouts(1, 2) return a end)
		say(s:receiveuntil(""))
		say(s:setoption())
		say(s:setoption("foo", 1))
		say(s:setoption("keepalive"))
		say(s:getoption("keepalive"))`, srv.port))
	want := strings.Join([]string{
		"test:5: bad argument #1 to 'receive' (bad pattern argument)",
		"test:6: bad argument #1 to 'receive' (bad pattern argument)",
		"test:7: bad argument #1 to 'receive' (bad pattern argument)",
		"test:8: bad argument #1 to 'receive' (bad pattern argument: abc)",
		"test:9: bad argument #1 to 'receiveany' (bad max argument)",
		"test:10: bad argument #1 to 'receiveuntil' (string expected, got table)",
		"test:11: bad argument #2 to 'receiveuntil' (table expected, got number)",
		"test:12: bad \"inclusive\" option value type: number",
		"test:13: bad argument #1 to 'send' (non-array table found)",
		"test:14: bad argument #1 to 'send' (bad data type boolean found)",
		"test:15: bad argument #1 to 'send' (string, number, boolean, nil, or array table expected, got function)",
		"test:16: bad argument #1 to 'send' (table expected, got string)",
		"test:17: ngx.socket settimeout: expecting 2 arguments (including the object) but seen 1",
		"test:18: ngx.socket settimeout: expecting 4 arguments (including the object) but seen 3",
		"nilpattern is empty",
		"nilmissing the \"option\" argument",
		"nilunsupported option foo",
		"nilmissing the \"value\" argument",
		"0",
	}, "\n") + "\n"
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestSendPayload(t *testing.T) {
	srv := echoServer(t)
	e := newLuaEnv(t)
	got := e.run(t, fmt.Sprintf(`
		local s = ngx.socket.tcp()
		assert(s:connect("127.0.0.1", %d))
		local n = 0
		for _, v in ipairs({{"a", {"b", {"c"}}, 1, 2.5}, 3.14, 1e20, true, false, ""}) do
			local sent = assert(s:send(v))
			n = n + sent
			say(sent)
		end
		say(s:send(nil))
		say(s:receive(n + 3))`, srv.port))
	want := "7\n4\n5\n4\n5\n0\n3\nabc12.53.141e+20truefalsenil\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestReadTimeoutKeepsSocket(t *testing.T) {
	srv := startServer(t, func(c net.Conn) {
		buf := make([]byte, 16)
		n, _ := c.Read(buf)
		c.Write([]byte("got " + string(buf[:n]) + "\n"))
		io.Copy(io.Discard, c)
	})
	e := newLuaEnv(t)
	start := time.Now()
	got := e.run(t, fmt.Sprintf(`
		local s = ngx.socket.tcp()
		s:settimeout(100)
		assert(s:connect("127.0.0.1", %d))
		say(s:receive())
		say(s:send("ping"))
		say(s:receive())`, srv.port))
	if want := "niltimeout\n4\ngot ping\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if d := time.Since(start); d < 100*time.Millisecond || d > 2*time.Second {
		t.Errorf("took %v", d)
	}
	if !e.h.logged("lua tcp socket read timed out") {
		t.Errorf("no timeout line in %q", e.h.logs)
	}
}

func TestConnectTimeout(t *testing.T) {
	port := unansweredPort(t)
	e := newLuaEnv(t)
	got := e.run(t, fmt.Sprintf(`local s = ngx.socket.tcp() s:settimeout(100) say(s:connect("127.0.0.1", %d)) say(s:send("x"))`, port))
	if got != "niltimeout\nnilclosed\n" {
		t.Fatalf("got %q", got)
	}
	if !e.h.logged(fmt.Sprintf("lua tcp socket connect timed out, when connecting to 127.0.0.1:%d", port)) {
		t.Errorf("no timeout line in %q", e.h.logs)
	}
}

// unansweredPort returns a loopback port whose listener never accepts and
// whose backlog is full, so that a new connect waits for its SYN to be
// answered.
func unansweredPort(t *testing.T) int {
	t.Helper()
	fd, err := syscall.Socket(syscall.AF_INET, syscall.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Close(fd) })
	if err := syscall.Bind(fd, &syscall.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Listen(fd, 0); err != nil {
		t.Fatal(err)
	}
	sa, _ := syscall.Getsockname(fd)
	port := sa.(*syscall.SockaddrInet4).Port
	addr := fmt.Sprintf("127.0.0.1:%d", port)
	for i := 0; i < 8; i++ {
		c, err := net.DialTimeout("tcp", addr, 50*time.Millisecond)
		if err != nil {
			return port
		}
		t.Cleanup(func() { c.Close() })
	}
	t.Skip("the kernel keeps accepting connections: cannot provoke a connect timeout here")
	return 0
}

func TestOwnerEndClosesSockets(t *testing.T) {
	closed := make(chan struct{})
	srv := startServer(t, func(c net.Conn) {
		io.Copy(io.Discard, c)
		close(closed)
	})
	e := newLuaEnv(t)
	e.run(t, fmt.Sprintf(`s = ngx.socket.tcp() assert(s:connect("127.0.0.1", %d))`, srv.port))
	if n := e.h.owner.Open(); n != 1 {
		t.Fatalf("owner has %d open sockets", n)
	}
	e.h.baton.Lock()
	e.h.owner.End()
	e.h.baton.Unlock()
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		t.Fatal("the peer did not see the connection close")
	}
	if got := e.run(t, `say(s:send("x"))`); got != "nilclosed\n" {
		t.Errorf("after the owner ended: %q", got)
	}
}

func TestBadRequest(t *testing.T) {
	srv := echoServer(t)
	e := newLuaEnv(t)
	e.run(t, fmt.Sprintf(`s = ngx.socket.tcp() assert(s:connect("127.0.0.1", %d))`, srv.port))
	first := e.h.owner
	e.h.owner = NewOwner()
	got := e.run(t, `local ok, err = pcall(function() local a = s:send("x") return a end) say(err)`)
	e.h.baton.Lock()
	first.End()
	e.h.baton.Unlock()
	if got != "test:1: bad request\n" {
		t.Errorf("got %q", got)
	}
}

// A subrequest's socket outlives the subrequest until its main request
// ends, still bound to the subrequest.
func TestEndWithParent(t *testing.T) {
	closed := make(chan struct{})
	srv := startServer(t, func(c net.Conn) {
		io.Copy(io.Discard, c)
		close(closed)
	})
	e := newLuaEnv(t)
	main := e.h.owner
	sub := NewOwner()
	e.h.owner = sub
	e.run(t, fmt.Sprintf(`s = ngx.socket.tcp() assert(s:connect("127.0.0.1", %d))`, srv.port))
	e.h.baton.Lock()
	sub.EndWith(main)
	e.h.baton.Unlock()
	e.h.owner = NewOwner()
	if got := e.run(t, `say(pcall(s.send, s, "x"))`); got != "falsebad request\n" {
		t.Errorf("another request using the socket: %q", got)
	}
	select {
	case <-closed:
		t.Fatal("the socket closed with its subrequest")
	default:
	}
	e.h.baton.Lock()
	main.End()
	e.h.baton.Unlock()
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		t.Fatal("the socket outlived the main request")
	}
	if n := sub.Open(); n != 0 {
		t.Errorf("subrequest owner still has %d open sockets", n)
	}
}

func TestPhaseCheck(t *testing.T) {
	e := newLuaEnv(t)
	e.h.yieldOK = false
	got := e.run(t, `say(pcall(ngx.socket.tcp)) say(pcall(ngx.socket.udp))`)
	want := "falseAPI disabled in the context of header_filter_by_lua*\nfalseAPI disabled in the context of header_filter_by_lua*\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestKilledWhileReading(t *testing.T) {
	closed := make(chan struct{})
	srv := startServer(t, func(c net.Conn) {
		io.Copy(io.Discard, c)
		close(closed)
	})
	e := newLuaEnv(t)
	go func() {
		time.Sleep(100 * time.Millisecond)
		close(e.h.cancel)
	}()
	got := e.run(t, fmt.Sprintf(`s = ngx.socket.tcp() assert(s:connect("127.0.0.1", %d)) s:receive() say("not reached")`, srv.port))
	if !strings.HasPrefix(got, "error: ") || !e.h.killed {
		t.Fatalf("the thread was not unwound: %q", got)
	}
	select {
	case <-closed:
	case <-time.After(2 * time.Second):
		t.Fatal("the socket of the killed thread stayed open")
	}
}
