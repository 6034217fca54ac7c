package http1

import (
	"errors"
	"io"
	"testing"
	"time"
)

// WatchClose sees the client close the connection while the handler
// works, and ends quietly when stopped first; either way the connection
// keeps working for the response (keep-alive included).
func TestWatchClose(t *testing.T) {
	got := make(chan error, 1)
	_, addr := startServer(t, testConfig(t), HandlerFunc(func(r *Request) {
		ch, stop := r.WatchClose()
		if r.URI() == "/stop" {
			stop()
			_, open := <-ch
			got <- errors.New("stopped")
			if open {
				got <- errors.New("value after stop")
			}
			hello(r)
			return
		}
		select {
		case err := <-ch:
			got <- err
		case <-time.After(2 * time.Second):
			got <- errors.New("no close seen")
		}
		stop()
	}))

	c := dial(t, addr)
	c.send("GET /stop HTTP/1.1\r\nHost: x\r\n\r\n")
	if err := <-got; err.Error() != "stopped" {
		t.Fatal(err)
	}
	if resp, body := c.response("GET"); resp.StatusCode != 200 || body != "hello\n" {
		t.Fatalf("after the watch: %d %q", resp.StatusCode, body)
	}
	// the connection is still usable after a watch
	c.send("GET /stop HTTP/1.1\r\nHost: x\r\n\r\n")
	<-got
	if resp, _ := c.response("GET"); resp.StatusCode != 200 {
		t.Fatalf("second request: %d", resp.StatusCode)
	}

	c2 := dial(t, addr)
	c2.send("GET /wait HTTP/1.1\r\nHost: x\r\n\r\n")
	time.Sleep(50 * time.Millisecond)
	c2.conn.Close()
	if err := <-got; !errors.Is(err, ErrClientClosed) {
		t.Fatalf("got %v", err)
	}
}

// SetContentLength changes how much body is read; SetHeadMethod makes
// the response header-only or not; Discarding and ResponseChunked report
// the state.
func TestLuaRequestControls(t *testing.T) {
	_, addr := startServer(t, testConfig(t), HandlerFunc(func(r *Request) {
		switch r.URI() {
		case "/short":
			r.SetContentLength(3)
			b, err := r.ReadBody()
			if err != nil {
				t.Error(err)
			}
			r.Out.ContentLength = int64(len(b.Data))
			r.Write(b.Data)
		case "/head":
			r.SetHeadMethod(false)
			io.WriteString(r, "body")
		case "/discard":
			r.DiscardBody()
			io.WriteString(r, map[bool]string{true: "discarding", false: "done"}[r.Discarding()])
		default:
			io.WriteString(r, "x")
			if !r.ResponseChunked() {
				t.Error("not chunked")
			}
		}
		r.Finish()
	}))
	c := dial(t, addr)
	c.send("POST /short HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5\r\n\r\nabcde")
	if _, body := c.response("POST"); body != "abc" {
		t.Fatalf("short body: %q", body)
	}
	c = dial(t, addr)
	c.send("HEAD /head HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	if _, body := c.response("GET"); body != "body" {
		t.Fatalf("HEAD made GET: %q", body)
	}
	c = dial(t, addr)
	c.send("POST /discard HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 5\r\n\r\nabcde")
	if _, body := c.response("POST"); body != "done" {
		t.Fatalf("discard of a received body: %q", body)
	}
	c = dial(t, addr)
	c.send("POST /discard HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 50\r\n\r\nabcde")
	if _, body := c.response("POST"); body != "discarding" {
		t.Fatalf("discard of a pending body: %q", body)
	}
	c = dial(t, addr)
	c.send("GET /chunked HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	c.response("GET")
}
