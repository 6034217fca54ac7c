package http1

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// rejectAnswerer answers refused requests itself, as an engine with
// error_page does: it applies a configuration (which must not turn
// keep-alive back on) and writes its own response.
type rejectAnswerer struct {
	mu   sync.Mutex
	seen []string
	conf *Config
}

func (ra *rejectAnswerer) ServeHTTP1(r *Request) { hello(r) }

func (ra *rejectAnswerer) ServeRejected(r *Request, status int) {
	ra.mu.Lock()
	ra.seen = append(ra.seen, fmt.Sprintf("%d %q %v", status, r.RequestLine(), r.Keepalive()))
	ra.mu.Unlock()
	r.SetConfig(ra.conf)
	body := fmt.Sprintf("handled %d\n", status)
	r.Out.ContentType = "text/plain"
	r.Out.ContentLength = int64(len(body))
	r.WriteString(body)
}

func (ra *rejectAnswerer) LogRejected(r *Request, status int) {
	ra.mu.Lock()
	defer ra.mu.Unlock()
	ra.seen = append(ra.seen, fmt.Sprintf("logged %d", status))
}

func TestRejectHandler(t *testing.T) {
	conf := testConfig(t)
	ra := &rejectAnswerer{conf: &conf}
	_, addr := startServer(t, conf, ra)
	for _, c := range []struct{ req, version string }{
		{"GeT / HTTP/1.1\r\nHost: x\r\n\r\n", "HTTP/1.0"},
		{"GET / HTTP/1.1\r\nHost: x\r\nFoo: a\r\n  b\r\n\r\n", "HTTP/1.1"},
		{"GET / HTTP/1.1\r\nConnection: keep-alive\r\n\r\n", "HTTP/1.1"},
	} {
		cl := dial(t, addr)
		cl.send(c.req)
		resp, body := cl.response("GET")
		if resp.StatusCode != 200 || body != "handled 400\n" || !resp.Close {
			t.Errorf("%q: %d %q close=%v", c.req, resp.StatusCode, body, resp.Close)
		}
		if closed, _ := cl.closed(3 * time.Second); !closed {
			t.Errorf("%q: connection kept open", c.req)
		}
	}
	ra.mu.Lock()
	got := strings.Join(ra.seen, "\n")
	ra.mu.Unlock()
	want := strings.Join([]string{
		`400 "GeT / HTTP/1.1" false`,
		`400 "GET / HTTP/1.1" false`,
		`400 "GET / HTTP/1.1" false`,
	}, "\n")
	if got != want {
		t.Errorf("handler saw:\n%s\nwant:\n%s", got, want)
	}
}

// After an internal redirect a location's configuration only restricts
// keep-alive; the first one starts from the client's choice.
func TestSetConfigKeepalive(t *testing.T) {
	conf := testConfig(t)
	noKeep := conf
	noKeep.KeepaliveTimeout = 0
	var mu sync.Mutex
	var seen []bool
	_, addr := startServer(t, conf, HandlerFunc(func(r *Request) {
		r.SetConfig(&noKeep)
		a := r.Keepalive()
		r.SetConfig(&conf)
		mu.Lock()
		seen = append(seen, a, r.Keepalive())
		mu.Unlock()
		hello(r)
	}))
	cl := dial(t, addr)
	cl.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	resp, _ := cl.response("GET")
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK || !resp.Close {
		t.Errorf("status %d close=%v", resp.StatusCode, resp.Close)
	}
	mu.Lock()
	defer mu.Unlock()
	if fmt.Sprint(seen) != "[false false]" {
		t.Errorf("keep-alive after the locations: %v", seen)
	}
}
