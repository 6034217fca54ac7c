package http1

import (
	"context"
	"errors"
	"net"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestShutdown(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{})
	srv, err := NewServer(testConfig(t), HandlerFunc(func(r *Request) {
		if r.URI() == "/slow" {
			close(entered)
			<-release
		}
		hello(r)
	}))
	if err != nil {
		t.Fatal(err)
	}
	srv.conf.KeepaliveTimeout = time.Minute
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(l) }()
	addr := l.Addr().String()

	idle := dial(t, addr)
	idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	idle.response("GET")
	fresh := dial(t, addr) // connected, no request yet
	busy := dial(t, addr)
	busy.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n")
	<-entered

	done := make(chan error, 1)
	go func() { done <- srv.Shutdown(context.Background()) }()

	for name, c := range map[string]*client{"idle keep-alive": idle, "new": fresh} {
		if closed, took := c.closed(2 * time.Second); !closed {
			t.Errorf("%s connection not closed by Shutdown (%v)", name, took)
		}
	}
	if err := <-served; !errors.Is(err, ErrServerClosed) {
		t.Errorf("Serve returned %v", err)
	}
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Error("still accepting after Shutdown")
	}
	select {
	case err := <-done:
		t.Fatalf("Shutdown returned %v with a request in flight", err)
	case <-time.After(100 * time.Millisecond):
	}
	close(release)
	resp, body := busy.response("GET")
	if body != "hello\n" || !resp.Close {
		t.Errorf("in-flight request: %q close=%v", body, resp.Close)
	}
	if err := <-done; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}

func TestShutdownDeadline(t *testing.T) {
	release := make(chan struct{})
	entered := make(chan struct{})
	srv, addr := startServer(t, testConfig(t), HandlerFunc(func(r *Request) {
		close(entered)
		<-release
		hello(r)
	}))
	defer close(release)
	c := dial(t, addr)
	c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	<-entered
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	if err := srv.Shutdown(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Shutdown with a stuck handler returned %v", err)
	}
	srv.Close()
	if closed, _ := c.closed(2 * time.Second); !closed {
		t.Error("Close left the connection open")
	}
}

// TestNoGoroutineLeak runs the front through its paths (keep-alive,
// pipelining, bodies, errors, timeouts, lingering close, shutdown) and
// checks that every goroutine it started has ended.
func TestNoGoroutineLeak(t *testing.T) {
	base := runtime.NumGoroutine()
	func() {
		conf := testConfig(t)
		srv, err := NewServer(conf, mirror{})
		if err != nil {
			t.Fatal(err)
		}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		served := make(chan struct{})
		go func() {
			srv.Serve(l)
			close(served)
		}()
		addr := l.Addr().String()
		reqs := []string{
			"GET /hello HTTP/1.1\r\nHost: x\r\n\r\n",
			"GET /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /probe HTTP/1.1\r\nHost: x\r\n\r\n",
			"POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello",
			"POST /body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
			"POST /body HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nshort",
			"POST /nobody HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\nshort",
			"get / HTTP/1.1\r\n\r\n",
			"GET /" + strings.Repeat("a", 9000) + " HTTP/1.1\r\n",
			"GET / HTTP/1.1\r\n",
			"",
		}
		for _, req := range reqs {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				t.Fatal(err)
			}
			c.Write([]byte(req))
			c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
			c.Read(make([]byte, 4096))
			c.Close()
		}
		idle := dial(t, addr)
		idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
		idle.response("GET")
		time.Sleep(conf.ClientBodyTimeout + 100*time.Millisecond)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		<-served
		idle.conn.Close()
	}()
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > base {
		buf := make([]byte, 1<<16)
		buf = buf[:runtime.Stack(buf, true)]
		t.Errorf("%d goroutines left over %d:\n%s", n-base, base, buf)
	}
}
