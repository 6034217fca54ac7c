package cosocket

import (
	"errors"
	"io"
	"sync/atomic"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// The receive loop (ngx_http_lua_socket_tcp_read): the filter takes what is
// buffered; when it needs more, one read asks for what fits the buffer.
// The loop first runs holding the baton with reads that do not wait; when
// the kernel has nothing yet it runs again with the baton released, each
// read waiting up to the read timeout.

// waiter is the state of one attempt of an operation: block is set when it
// runs with the baton released and may wait.
type waiter struct {
	block    bool
	cancel   <-chan struct{}
	canceled atomic.Bool
	// logs are error_log lines to write once the baton is back.
	logs []logLine
}

type logLine struct {
	level int
	msg   string
}

func (w *waiter) log(level int, msg string) { w.logs = append(w.logs, logLine{level, msg}) }

// flushLogs writes the lines an operation collected.
func (vm *VM) flushLogs(L *lua.LState, w *waiter) {
	for _, l := range w.logs {
		vm.host.Log(L, l.level, l.msg)
	}
	w.logs = nil
}

// read runs filter f until it completes or fails; unless w.block it stops
// with stAgain where a read would wait.
func (s *tcpSock) read(f filter, w *waiter) (status, failure) {
	b := &s.in
	for {
		if n := b.size(); n > 0 || s.eof {
			st, ft := f.feed(s, n)
			switch st {
			case stOK:
				return stOK, 0
			case stError:
				return stError, ft | ftError
			}
			if s.kind == kindBody && s.body.rest == 0 {
				s.eof = true
			}
			continue
		}
		if b.last == len(b.buf) {
			b.pos, b.last = 0, 0
		}
		p := b.buf[b.last:]
		switch s.kind {
		case kindRaw:
			if len(s.preread) > 0 {
				n := copy(p, s.preread)
				s.preread = s.preread[n:]
				b.last += n
				continue
			}
		case kindBody:
			if s.body.rest == 0 {
				s.eof = true
				continue
			}
			if int64(len(p)) > s.body.rest {
				p = p[:s.body.rest]
			}
		}
		n, ft := s.recv(p, w)
		switch {
		case ft == ftAgain:
			return stAgain, 0
		case ft != 0:
			return stError, ft
		case n == 0:
			if s.kind != kindUpstream && (s.conf.CheckClientAbort || s.kind == kindBody && s.body.rest > 0) {
				return stError, ftClientAbort
			}
			s.eof = true
			continue
		}
		b.last += n
		if s.kind == kindBody {
			s.body.rest -= int64(n)
		}
	}
}

// ftAgain is recv's "nothing yet" (never a failure of an operation).
const ftAgain failure = 0x8000

// recv reads once into p: without waiting unless w.block (ftAgain when
// nothing is there), else up to the read timeout.
func (s *tcpSock) recv(p []byte, w *waiter) (int, failure) {
	if s.kind == kindBody {
		if !w.block {
			if n, err, ok := s.body.ready(p); ok {
				return s.recvResult(n, err, w)
			}
			return 0, ftAgain
		}
		n, err := s.body.recv(p, s.readTimeout, w)
		return s.recvResult(n, err, w)
	}
	if !w.block {
		if s.raw == nil {
			return 0, ftAgain
		}
		n, err, again := tryRead(s.raw, p)
		if again {
			return 0, ftAgain
		}
		return s.recvResult(n, err, w)
	}
	c := s.conn
	c.SetReadDeadline(deadline(s.readTimeout))
	if w.canceled.Load() {
		return 0, ftError
	}
	n, err := c.Read(p)
	c.SetReadDeadline(time.Time{})
	if n > 0 {
		return n, 0
	}
	return s.recvResult(n, err, w)
}

// recvResult turns a read's outcome into a count or a failure, noting
// nginx's log line for a failed recv().
func (s *tcpSock) recvResult(n int, err error, w *waiter) (int, failure) {
	if err == nil || n > 0 {
		return n, 0
	}
	switch {
	case isEOF(err) || errors.Is(err, io.ErrUnexpectedEOF):
		return 0, 0
	case isTimeout(err):
		if w.canceled.Load() {
			return 0, ftError
		}
		if s.conf.LogErrors {
			w.log(LogErr, "lua tcp socket read timed out")
		}
		return 0, ftTimeout
	}
	if en, ok := errnoOf(err); ok {
		s.errno = en
		w.log(connErrorLevel(en), "recv() failed "+errnoLog(en))
		return 0, ftError
	}
	if errors.Is(err, errClientAborted) {
		return 0, ftClientAbort
	}
	return 0, ftError
}

// errClientAborted is a request body read that found the client gone.
var errClientAborted = errors.New("client aborted")

// receive runs a receive operation with filter f and pushes its results
// (ngx_http_lua_socket_tcp_receive_helper and its retval handler).
func (vm *VM) receive(L *lua.LState, s *tcpSock, f filter) int {
	if !s.in.allocated() {
		s.in.buf = make([]byte, s.conf.bufferSize())
	}
	s.readWaiting = false
	w := &waiter{}
	st, ft := s.read(f, w)
	vm.flushLogs(L, w)
	for st == stAgain {
		if s.kind == kindBody && s.body.buf != nil {
			// the body is read holding the baton, once it can be
			if !vm.bodyWait(L, s) {
				st, ft = stError, ftTimeout
				if s.conf.LogErrors {
					vm.host.Log(L, LogErr, "lua tcp socket read timed out")
				}
				break
			}
			w = &waiter{}
			st, ft = s.read(f, w)
			vm.flushLogs(L, w)
			continue
		}
		w, st, ft = vm.readWait(L, s, f)
		vm.flushLogs(L, w)
	}
	return vm.receiveResult(L, s, st, ft)
}

// bodyWait waits with the baton released until the request body can be
// read without blocking; false means the read timeout passed.
func (vm *VM) bodyWait(L *lua.LState, s *tcpSock) bool {
	ok := false
	s.readWaiting = true
	killed := true
	defer func() {
		s.readWaiting = false
		if killed {
			s.finalize()
		}
	}()
	vm.host.Block(L, func(cancel <-chan struct{}) {
		ok = s.body.waitReadable(s.readTimeout, cancel)
	})
	killed = false
	return ok
}

// readWait runs the read loop with the baton released.
func (vm *VM) readWait(L *lua.LState, s *tcpSock, f filter) (*waiter, status, failure) {
	w := &waiter{block: true}
	var st status
	var ft failure
	s.readWaiting = true
	killed := true
	defer func() {
		s.readWaiting = false
		if killed {
			s.finalize()
		}
	}()
	vm.host.Block(L, func(cancel <-chan struct{}) {
		w.cancel = cancel
		stop := onCancel(cancel, func() {
			w.canceled.Store(true)
			s.interruptRead()
		})
		st, ft = s.read(f, w)
		stop()
	})
	killed = false
	return w, st, ft
}

// interruptRead wakes a read blocked on the connection.
func (s *tcpSock) interruptRead() {
	if s.kind == kindBody {
		s.body.wake()
		return
	}
	if c := s.conn; c != nil {
		c.SetReadDeadline(past)
	}
}

// receiveResult pushes what a receive operation returns: the data, or nil,
// the error and the partial data.
func (vm *VM) receiveResult(L *lua.LState, s *tcpSock, st status, ft failure) int {
	data := string(s.out)
	s.out = s.out[:0]
	if s.in.pos == s.in.last {
		s.in.pos, s.in.last = 0, 0
	}
	if st == stOK {
		L.Push(lua.LString(data))
		return 1
	}
	if ft&ftTimeout == 0 {
		s.finalizeRead()
	}
	L.Push(lua.LNil)
	L.Push(lua.LString(s.errorText(ft)))
	L.Push(lua.LString(data))
	return 3
}

// errorText is the error string of a failure
// (ngx_http_lua_socket_prepare_error_retvals).
func (s *tcpSock) errorText(ft failure) string {
	switch {
	case ft&ftTimeout != 0:
		return "timeout"
	case ft&ftClosed != 0:
		return "closed"
	case ft&ftBufTooSmall != 0:
		return "buffer too small"
	case ft&ftNoMem != 0:
		return "no memory"
	case ft&ftClientAbort != 0:
		return "client aborted"
	case s.errno != 0:
		return errnoLua(s.errno)
	}
	return "error"
}
