package cosocket

import (
	"fmt"
	"net"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// dnsStub answers A queries on loopback: names in addrs with their
// address, "servfail." with SERVFAIL, "slow." never, others NXDOMAIN.
func dnsStub(t *testing.T, addrs map[string]string) string {
	t.Helper()
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pc.Close() })
	go func() {
		buf := make([]byte, 1500)
		for {
			n, from, err := pc.ReadFrom(buf)
			if err != nil {
				return
			}
			var p dnsmessage.Parser
			h, err := p.Start(buf[:n])
			if err != nil {
				continue
			}
			q, err := p.Question()
			if err != nil {
				continue
			}
			name := strings.ToLower(q.Name.String())
			if name == "slow." {
				continue
			}
			rh := dnsmessage.Header{ID: h.ID, Response: true, RecursionDesired: h.RecursionDesired, RCode: dnsmessage.RCodeNameError}
			ip, known := addrs[name]
			if name == "servfail." {
				rh.RCode = dnsmessage.RCodeServerFailure
			} else if known {
				rh.RCode = dnsmessage.RCodeSuccess
			}
			b := dnsmessage.NewBuilder(nil, rh)
			b.StartQuestions()
			b.Question(q)
			if known && q.Type == dnsmessage.TypeA {
				b.StartAnswers()
				var a [4]byte
				copy(a[:], net.ParseIP(ip).To4())
				b.AResource(dnsmessage.ResourceHeader{Name: q.Name, Class: dnsmessage.ClassINET, TTL: 60}, dnsmessage.AResource{A: a})
			}
			msg, _ := b.Finish()
			pc.WriteTo(msg, from)
		}
	}()
	return pc.LocalAddr().String()
}

func TestResolver(t *testing.T) {
	srv := echoServer(t)
	ns := dnsStub(t, map[string]string{"echo.test.": "127.0.0.1", "far.test.": "10.1.2.3"})
	for _, tc := range []struct {
		name, host, want string
		loopbackOnly     bool
	}{
		{"found", "echo.test", "1nil\nhi\n", false},
		{"not found", "nope.test", "nilnope.test could not be resolved (3: Host not found)\n", false},
		{"server failure", "servfail", "nilservfail could not be resolved (2: Server failure)\n", false},
		{"timed out", "slow", "nilslow could not be resolved (110: Operation timed out)\n", false},
		{"test mode", "far.test", "nilconnecting to non-loopback address 10.1.2.3 is not allowed in test mode\n", true},
		// Linux connects the unspecified address to the local host
		{"test mode, unspecified address", "0.0.0.0", "1nil\nhi\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newLuaEnv(t)
			e.h.conf.Resolver = &ResolverConfig{Addresses: []string{ns}, Timeout: 300 * time.Millisecond, IPv4: true}
			e.h.conf.LoopbackOnly = tc.loopbackOnly
			got := e.run(t, fmt.Sprintf(`
				local s = ngx.socket.tcp()
				local ok, err = s:connect(%q, %d)
				say(ok, err)
				if ok then s:send("hi\n") say(s:receive()) end`, tc.host, srv.port))
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
