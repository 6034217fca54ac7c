package http1

import (
	"fmt"
	"net"
	"runtime"
	"sync/atomic"
	"syscall"
	"time"
)

// Connection states, for Shutdown: only an idle connection (waiting for a
// request with nothing buffered, or lingering) may be closed under it.
const (
	stateActive int32 = iota
	stateIdle
	stateClosing
	stateHijacked
)

// timedOutMsg is nginx's "client timed out" with the errno text it appends.
const timedOutMsg = "client timed out (110: Connection timed out)"

// Conn is one client connection. Its methods give the connection variables
// of nginx ($remote_addr, $connection, ...); it is used by one goroutine.
type Conn struct {
	srv *Server
	rwc net.Conn
	// raw and rawRead serve waitReadable's reads straight from the socket;
	// rawN and rawErr are the last one's result.
	raw      syscall.RawConn
	rawRead  func(fd uintptr) bool
	rawN     int
	rawErr   error
	serial   uint64
	accepted time.Time
	requests int

	// in[r:w] holds bytes read and not yet consumed.
	in   []byte
	r, w int
	// out holds response bytes not yet written; sent counts bytes written.
	out  []byte
	sent int64
	werr error

	// now is the last clock reading, wall the last of the wall clock; rdl
	// and wdl are the deadlines set.
	now, wall time.Time
	rdl, wdl  time.Time
	state     atomic.Int32

	// hb is nginx's header buffer the last request's header ended in: a
	// pipelined request continues in it.
	hb headerBuffers

	req  Request
	addr connAddrs
	// body and scratch are reused by the connection's requests for bodies
	// held in memory and bytes passing through.
	body    []byte
	scratch []byte
}

func newConn(s *Server, rwc net.Conn) *Conn {
	now := time.Now()
	return &Conn{srv: s, rwc: rwc, serial: connSerial.Add(1), accepted: now, now: now, wall: now}
}

// Serial returns $connection, the connection's serial number.
func (c *Conn) Serial() uint64 { return c.serial }

// Requests returns $connection_requests: the number of requests read on
// the connection so far, the current one included.
func (c *Conn) Requests() int { return c.requests }

// NetConn returns the underlying connection. Reading or writing it directly
// is only safe after Request.Hijack.
func (c *Conn) NetConn() net.Conn { return c.rwc }

func (c *Conn) serve() {
	c.in = getIn()
	c.out = getOut()
	defer c.release()
	defer func() {
		if p := recover(); p != nil {
			c.logf(LogAlert, nil, "", fmt.Sprintf("http1: handler panic: %v", p))
			c.rwc.Close()
		}
	}()
	for {
		r := c.readRequest()
		if r == nil {
			return
		}
		c.srv.handler.ServeHTTP1(r)
		r.removeTempFile()
		if r.hijacked {
			return
		}
		if !c.endRequest(r) {
			return
		}
		if c.r == c.w {
			// let the other ready connections run first: by the time this
			// one reads again its client has likely sent the next request,
			// which saves a read that would find nothing and a trip
			// through the poller (nginx saves it with its ready flags)
			runtime.Gosched()
		}
	}
}

func (c *Conn) release() {
	c.req.removeTempFile()
	hijacked := c.state.Load() == stateHijacked
	if !hijacked {
		c.state.Store(stateClosing)
	}
	putIn(c.in)
	putOut(c.out)
	c.in, c.out = nil, nil
	c.req.conn = nil
	if !hijacked {
		c.srv.forget(c)
	}
}

// endRequest finishes r after its handler and reports whether the
// connection stays open for another request.
func (c *Conn) endRequest(r *Request) bool {
	if !r.finished {
		r.Finish()
	}
	if c.werr != nil || r.terminated {
		c.rwc.Close()
		return false
	}
	if r.keepalive && !c.srv.exiting.Load() && r.body.mode == bodyDone {
		return true
	}
	c.closeAfter(r)
	return false
}
