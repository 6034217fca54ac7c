package cosocket

import (
	"time"

	lua "github.com/yuin/gopher-lua"
)

// tcpSend is sock:send(data).
func (vm *VM) tcpSend(L *lua.LState) int {
	if n := L.GetTop(); n != 2 {
		raise(L, "expecting 2 arguments (including the object), but got %d", n)
	}
	owner := vm.host.Owner(L, false)
	self := checkTable(L, 1)
	s := tcpOf(self)
	if s == nil || s.conn == nil || s.writeClosed {
		if vm.socketErrors(L) {
			vm.host.Log(L, LogErr, sprintf("attempt to send data on a closed socket: u:%s, c:%s, ft:%d eof:%d",
				ptr(s), s.connPtr(), 0, s.eofFlag()))
		}
		return pushNilErr(L, "closed")
	}
	if s.owner != owner {
		raise(L, "bad request")
	}
	if msg := s.busy(true, false, true); msg != "" {
		return pushNilErr(L, msg)
	}
	if s.kind == kindBody {
		raise(L, "attempt to write to request sockets")
	}
	vm.debug(L, "lua tcp socket send timeout: %d", ms(s.sendTimeout))
	data := appendPayload(L, nil, 2)
	if len(data) == 0 {
		L.Push(lua.LNumber(0))
		return 1
	}
	bufSize, line := owner.sendBuffer(len(data))
	if vm.host.DebugEnabled() {
		vm.host.Log(L, LogDebug, line)
	}
	if s.conf.TCPNodelay && !s.nodelayLogged && s.isTCP() {
		s.nodelayLogged = true
		vm.debug(L, "lua socket tcp_nodelay")
	}
	s.writeWaiting = false
	sent, ft := vm.sendNow(L, s, data)
	if ft == ftAgain {
		w := &waiter{block: true}
		rest := data[sent:]
		s.writeWaiting = true
		killed := true
		func() {
			defer func() {
				s.writeWaiting = false
				if killed {
					s.finalize()
				}
			}()
			vm.host.Block(L, func(cancel <-chan struct{}) {
				w.cancel = cancel
				stop := onCancel(cancel, func() {
					w.canceled.Store(true)
					if c := s.conn; c != nil {
						c.SetWriteDeadline(past)
					}
				})
				ft = s.sendBlocking(rest, w)
				stop()
			})
			killed = false
		}()
		vm.flushLogs(L, w)
	}
	if ft != 0 {
		s.finalizeWrite()
		return pushNilErr(L, s.errorText(ft))
	}
	owner.giveSendBuffer(bufSize)
	L.Push(lua.LNumber(len(data)))
	return 1
}

// isTCP reports whether the socket runs over TCP (nginx sets TCP_NODELAY
// on TCP connections only).
func (s *tcpSock) isTCP() bool {
	return len(s.peer) < 5 || !isUnix(s.peer)
}

// connPtr renders the connection pointer of log lines.
func (s *tcpSock) connPtr() string {
	if s == nil || s.conn == nil {
		return ptr[byte](nil)
	}
	return ptr(&s.fd)
}

func (s *tcpSock) eofFlag() int {
	if s != nil && s.eof {
		return 1
	}
	return 0
}

// sendNow writes what the kernel takes at once. It returns how much was
// written and ftAgain when the rest has to wait.
func (vm *VM) sendNow(L *lua.LState, s *tcpSock, data []byte) (int, failure) {
	if s.raw == nil {
		return 0, ftAgain
	}
	total := 0
	for total < len(data) {
		n, err := tryWrite(s.raw, data[total:])
		if n > 0 {
			vm.debug(L, "send: fd:%d %d of %d", s.fd, n, len(data)-total)
			total += n
			continue
		}
		if err != nil {
			return total, vm.sendFailed(L, s, err)
		}
		return total, ftAgain
	}
	return total, 0
}

// sendBlocking writes data with the baton released, send_timeout allowed
// for each write that makes progress.
func (s *tcpSock) sendBlocking(data []byte, w *waiter) failure {
	c := s.conn
	for len(data) > 0 {
		chunk := data
		if len(chunk) > writeChunk {
			chunk = chunk[:writeChunk]
		}
		c.SetWriteDeadline(deadline(s.sendTimeout))
		if w.canceled.Load() {
			return ftError
		}
		n, err := c.Write(chunk)
		c.SetWriteDeadline(time.Time{})
		if n > 0 && s.vm.host.DebugEnabled() {
			w.log(LogDebug, sprintf("send: fd:%d %d of %d", s.fd, n, len(chunk)))
		}
		data = data[n:]
		if err != nil {
			if w.canceled.Load() {
				return ftError
			}
			if isTimeout(err) {
				if s.conf.LogErrors {
					w.log(LogErr, "lua tcp socket write timed out")
				}
				return ftTimeout
			}
			if en, ok := errnoOf(err); ok {
				s.errno = en
				w.log(connErrorLevel(en), "send() failed "+errnoLog(en))
			}
			return ftError
		}
	}
	return 0
}

// writeChunk bounds one blocking write so that send_timeout limits the
// time between writes that make progress, as nginx's timer does.
const writeChunk = 64 << 10

// sendFailed logs a failed send() as nginx does.
func (vm *VM) sendFailed(L *lua.LState, s *tcpSock, err error) failure {
	if en, ok := errnoOf(err); ok {
		s.errno = en
		vm.host.Log(L, connErrorLevel(en), "send() failed "+errnoLog(en))
	}
	return ftError
}
