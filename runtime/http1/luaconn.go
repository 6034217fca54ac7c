package http1

import (
	"errors"
	"os"
	"sync"
	"syscall"
	"time"
)

// What ngx_lua asks of the connection while a handler runs: whether the
// response went out chunked, and whether the client went away meanwhile
// (lua_check_client_abort).

// ResponseChunked reports whether the response body is sent with chunked
// transfer encoding (nginx's r->chunked, known once the header is sent).
func (r *Request) ResponseChunked() bool { return r.out.chunked }

// ErrClientClosed is what WatchClose reports when the client closed its
// side of the connection.
var ErrClientClosed = errors.New("http1: client closed the connection")

// WatchClose watches the connection, without reading from it, for the
// client closing it while the request is being processed, as nginx's
// ngx_http_lua_check_broken_connection does: readiness is checked by
// peeking, so bytes the client sends (a request body, a pipelined request)
// stay for the front and end the watch, as they do in nginx. The channel
// receives ErrClientClosed, or the error the connection failed with, and
// is closed when the watch ends. stop ends the watch and waits for it; it
// must be called from the request's handler before the front reads again.
func (r *Request) WatchClose() (<-chan error, func()) {
	ch := make(chan error, 1)
	c := r.conn
	sc, ok := c.rwc.(syscall.Conn)
	if !ok {
		close(ch)
		return ch, func() {}
	}
	rc, err := sc.SyscallConn()
	if err != nil {
		close(ch)
		return ch, func() {}
	}
	// a header deadline still set would end the watch: none while it runs
	c.rdl = time.Time{}
	c.rwc.SetReadDeadline(c.rdl)
	var (
		mu      sync.Mutex
		stopped bool
		done    = make(chan struct{})
	)
	go func() {
		defer close(done)
		defer close(ch)
		var one [1]byte
		var found error
		rerr := rc.Read(func(fd uintptr) bool {
			mu.Lock()
			s := stopped
			mu.Unlock()
			if s {
				return true
			}
			n, _, errno := syscall.Recvfrom(int(fd), one[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
			switch {
			case errno == syscall.EAGAIN || errno == syscall.EINTR:
				return false
			case errno != nil:
				found = errno
			case n == 0:
				found = ErrClientClosed
			}
			return true
		})
		if found == nil && rerr != nil && !errors.Is(rerr, os.ErrDeadlineExceeded) {
			found = rerr
		}
		if found != nil {
			ch <- found
		}
	}()
	stop := func() {
		mu.Lock()
		stopped = true
		mu.Unlock()
		// wake the poller wait; the deadline the front keeps comes back
		c.rwc.SetReadDeadline(time.Now())
		<-done
		c.rwc.SetReadDeadline(c.rdl)
	}
	return ch, stop
}

// Accepted returns when the connection was accepted ($connection_time).
func (c *Conn) Accepted() time.Time { return c.accepted }

// SetContentLength replaces the request body length nginx reads, as a
// Content-Length header set by ngx.req.set_header does before the body is
// read (-1: no body). It has no effect once body reading has begun or for
// a chunked body.
func (r *Request) SetContentLength(n int64) {
	if r.body.mode != bodyUnread || r.chunked {
		return
	}
	if n < 0 {
		n = -1
	}
	r.contentLength = n
	r.body.rest = max(n, 0)
	if n < 0 {
		r.body.rest = 0
	}
}

// SetHeadMethod makes the request a HEAD request or not for what the
// response sends (ngx.req.set_method changes r->method, which nginx's
// header filter consults).
func (r *Request) SetHeadMethod(head bool) {
	switch {
	case head:
		r.line.method = methodHEAD
	case r.line.method == methodHEAD:
		r.line.method = methodGET
	}
}

// Discarding reports whether the request body is still being discarded
// (nginx's r->discard_body): DiscardBody left some of it to read after the
// response.
func (r *Request) Discarding() bool { return r.body.discarding }
