package cosocket

import (
	"io"
	"net"
	"os"
	"syscall"
	"time"

	lua "github.com/yuin/gopher-lua"
	"golang.org/x/sys/unix"
)

// Request sockets: ngx.req.socket() reads the request body as a stream,
// ngx.req.socket(true) takes the client connection over for both
// directions (websocket servers need it).

// RequestConn is a request's client side as ngx.req.socket needs it; the
// engine implements it.
type RequestConn interface {
	// BodySocket prepares the request body for streaming. It returns the
	// body and its length, or ngx_lua's reason the body cannot be
	// streamed ("no body", "request body already exists" ...).
	BodySocket() (BodyReader, int64, error)
	// RawSocket takes the client connection over. It returns the
	// connection and the bytes already read past the request header, or
	// ngx_lua's reason it cannot ("duplicate call" ...).
	RawSocket() (net.Conn, []byte, error)
}

// BodyReader is a request body being read.
type BodyReader interface {
	io.Reader
	// Interrupt makes a Read blocked on the client return at once (the
	// request is ending).
	Interrupt()
}

// BodyBuffer is implemented by body readers that can tell what a Read
// returns without I/O. cosocket then reads only when a read cannot block
// (body bytes buffered, or the client connection readable), holding the
// worker's baton, and waits for readability without it: the engine's
// front is never used by two goroutines at once. Without it, a read that
// outlives a receive's timeout runs on in a goroutine of its own.
type BodyBuffer interface {
	// Buffered returns how many body bytes a Read returns without I/O, or
	// -1 when it cannot tell.
	Buffered() int
	// Conn is the client connection, watched for readability.
	Conn() net.Conn
}

// RaiseError is a RequestConn error that ngx.req.socket raises as a Lua
// error instead of returning it ("attempt to read the request body in a
// subrequest" ...).
type RaiseError struct{ Msg string }

// Error returns the message raised.
func (e *RaiseError) Error() string { return e.Msg }

// ReqSocket is ngx.req.socket once the glue has checked the phase: it
// returns the request socket of rc, or nil and the reason.
func (vm *VM) ReqSocket(L *lua.LState, owner *Owner, rc RequestConn, raw bool) int {
	s := &tcpSock{vm: vm, owner: owner, conf: vm.host.Config(L), downstream: rc}
	var mt *lua.LTable
	if raw {
		c, preread, err := rc.RawSocket()
		if err != nil {
			return reqSocketError(L, err)
		}
		s.kind, s.conn, s.plain, s.client = kindRaw, c, c, c
		s.raw = rawOf(c)
		s.fd = fdOf(c)
		s.preread = preread
		mt = vm.rawMT
	} else {
		r, length, err := rc.BodySocket()
		if err != nil {
			return reqSocketError(L, err)
		}
		s.kind = kindBody
		s.body = &bodyStream{r: r, rest: length}
		if bb, ok := r.(BodyBuffer); ok && bb.Buffered() >= 0 {
			s.body.buf = bb
			s.body.raw = rawOf(bb.Conn())
		}
		mt = vm.reqMT
	}
	s.readTimeout = s.conf.ReadTimeout
	s.sendTimeout = s.conf.SendTimeout
	s.connectTimeout = s.conf.ConnectTimeout
	vm.track(L, s)
	t := L.CreateTable(2, 3)
	t.Metatable = mt
	ud := L.NewUserData()
	ud.Value = s
	t.RawSetInt(slotCtx, ud)
	L.Push(t)
	return 1
}

func reqSocketError(L *lua.LState, err error) int {
	if re, ok := err.(*RaiseError); ok {
		raise(L, "%s", re.Msg)
	}
	return pushNilErr(L, err.Error())
}

// bodyStream reads a request body for a kindBody socket. The engine's body
// reader cannot be told to give up after a timeout without failing the
// request, so a read that outlives a receive's timeout stays pending and
// the next receive takes its bytes, as nginx's read event keeps waiting.
type bodyStream struct {
	r    BodyReader
	rest int64
	// buf and raw serve the baton-held reads of a BodyBuffer reader.
	buf BodyBuffer
	raw syscall.RawConn
	// pending is the read in progress, nil when none is.
	pending chan bodyChunk
	// left are bytes a pending read brought beyond what was asked.
	left []byte
	err  error
	// interrupted is closed to wake a receive waiting on pending.
	interrupted chan struct{}
}

type bodyChunk struct {
	p   []byte
	err error
}

// readable reports whether a Read cannot block: body bytes are buffered,
// or the client connection has input or has closed.
func (b *bodyStream) readable() bool {
	if b.buf.Buffered() > 0 {
		return true
	}
	eof, data := peek(b.raw)
	return eof || data
}

// waitReadable waits, without touching the engine's front, until the
// client connection is readable or timeout passes; it reports whether it
// became readable.
func (b *bodyStream) waitReadable(timeout time.Duration, cancel <-chan struct{}) bool {
	// poll(2) on the descriptor: the connection's deadlines belong to the
	// front, which keeps its own account of them
	until := time.Now().Add(timeout)
	readable := false
	_ = b.raw.Control(func(fd uintptr) {
		for {
			left := time.Until(until)
			if timeout <= 0 {
				left = time.Hour
			}
			if left <= 0 {
				return
			}
			slice := min(left, 50*time.Millisecond)
			fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN | unix.POLLRDHUP}}
			n, err := unix.Poll(fds, int(slice/time.Millisecond)+1)
			if n > 0 || err != nil && err != unix.EINTR {
				readable = true
				return
			}
			select {
			case <-cancel:
				return
			default:
			}
		}
	})
	return readable
}

// ready returns what is there without waiting: bytes a pending read
// brought, or its error; ok is false when nothing is.
func (b *bodyStream) ready(p []byte) (int, error, bool) {
	if b.buf != nil {
		if !b.readable() {
			return 0, nil, false
		}
		n, err := b.r.Read(p)
		if err == io.EOF {
			err = nil
		}
		return n, err, true
	}
	if len(b.left) > 0 {
		n := copy(p, b.left)
		b.left = b.left[n:]
		return n, nil, true
	}
	if b.err != nil {
		return 0, b.err, true
	}
	if b.pending != nil {
		select {
		case c := <-b.pending:
			b.pending = nil
			return b.take(c, p), b.err, true
		default:
		}
	}
	return 0, nil, false
}

// take copies a finished read into p, keeping what does not fit.
func (b *bodyStream) take(c bodyChunk, p []byte) int {
	n := copy(p, c.p)
	b.left = c.p[n:]
	if c.err != nil && c.err != io.EOF {
		b.err = c.err
	}
	return n
}

// recv waits up to timeout for body bytes.
func (b *bodyStream) recv(p []byte, timeout time.Duration, w *waiter) (int, error) {
	if n, err, ok := b.ready(p); ok {
		return n, err
	}
	if b.pending == nil {
		ch := make(chan bodyChunk, 1)
		b.pending = ch
		buf := make([]byte, len(p))
		r := b.r
		go func() {
			n, err := r.Read(buf)
			ch <- bodyChunk{p: buf[:n], err: err}
		}()
	}
	b.interrupted = make(chan struct{})
	var tc <-chan time.Time
	if timeout > 0 {
		tm := time.NewTimer(timeout)
		defer tm.Stop()
		tc = tm.C
	}
	select {
	case c := <-b.pending:
		b.pending = nil
		n := b.take(c, p)
		if n == 0 && c.err == io.EOF {
			return 0, io.EOF
		}
		return n, b.err
	case <-tc:
		return 0, os.ErrDeadlineExceeded
	case <-b.interrupted:
		return 0, os.ErrDeadlineExceeded
	}
}

// wake makes a waiting recv return (its thread is being killed).
func (b *bodyStream) wake() {
	if ch := b.interrupted; ch != nil {
		select {
		case <-ch:
		default:
			close(ch)
		}
	}
}

// stop ends a pending read: the request is ending.
func (b *bodyStream) stop() {
	if b.pending == nil {
		return
	}
	b.r.Interrupt()
	<-b.pending
	b.pending = nil
}
