package cosocket

import (
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
)

// udpEcho answers each datagram with "re: " and the datagram.
func udpEcho(t *testing.T, network, addr string) net.PacketConn {
	t.Helper()
	pc, err := net.ListenPacket(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 70000)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			if string(buf[:n]) == "quiet" {
				continue
			}
			pc.WriteTo(append([]byte("re: "), buf[:n]...), from)
		}
	}()
	return pc
}

func TestUDP(t *testing.T) {
	pc := udpEcho(t, "udp", "127.0.0.1:0")
	port := pc.LocalAddr().(*net.UDPAddr).Port
	dir, err := os.MkdirTemp("", "cosock")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	sock := filepath.Join(dir, "u.sock")
	udpEcho(t, "unixgram", sock)
	refused := closedPort(t)
	for _, tc := range []struct {
		name, src, want, log string
	}{
		{"echo", fmt.Sprintf(`local u = ngx.socket.udp() say(u:setpeername("127.0.0.1", %d)) say(u:send({"a", 1, {"b"}})) say(u:receive()) say(u:close()) say(u:close())`, port),
			"1\n1\nre: a1b\n1\nnilclosed\n", ""},
		{"truncated", fmt.Sprintf(`local u = ngx.socket.udp() u:setpeername("127.0.0.1", %d) u:send("hello") say(u:receive(6))`, port),
			"re: he\n", ""},
		{"timeout", fmt.Sprintf(`local u = ngx.socket.udp() u:settimeout(100) u:setpeername("127.0.0.1", %d) u:send("quiet") say(u:receive()) say(u:send("x"))`, port),
			"niltimeout\n1\n", "lua udp socket read timed out"},
		{"refused", fmt.Sprintf(`local u = ngx.socket.udp() u:settimeout(300) u:setpeername("127.0.0.1", %d) say(u:send("x")) say(u:receive())`, refused),
			"1\nnilconnection refused\n", "recv() failed (111: Connection refused)"},
		{"unix", fmt.Sprintf(`local u = ngx.socket.udp() say(u:setpeername("unix:%s")) u:send("hi") say(u:receive())`, sock),
			"1\nre: hi\n", ""},
		{"missing unix", `local u = ngx.socket.udp() say(u:setpeername("unix:/nonexistent/u.sock"))`,
			"nilno such file or directory\n", "connect() failed (2: No such file or directory)"},
		{"closed", `local u = ngx.socket.udp() say(u:send("x")) say(u:receive())`,
			"nilclosed\nnilclosed\n", "attempt to send data on a closed socket"},
		{"arguments", `local u = ngx.socket.udp() say(pcall(u.setpeername, u)) say(u:setpeername("127.0.0.1", 70000)) say(pcall(u.settimeout, u))`,
			"falsengx.socket.udp setpeername: expecting 2 or 3 arguments (including the object), but seen 1\n" +
				"nilbad port number: 70000\n" +
				"falsengx.socket settimeout: expecting at least 2 arguments (including the object) but seen 1\n", ""},
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
