package cosocket

import (
	"io"
	"net"
	"os"
	"time"

	lua "github.com/yuin/gopher-lua"
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

// RaiseError is a RequestConn error that ngx.req.socket raises as a Lua
// error instead of returning it ("attempt to read the request body in a
// subrequest" ...).
type RaiseError struct{ Msg string }

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

// ready returns what is there without waiting: bytes a pending read
// brought, or its error; ok is false when nothing is.
func (b *bodyStream) ready(p []byte) (int, error, bool) {
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
