package cosocket

import (
	"net"
	"time"

	lua "github.com/yuin/gopher-lua"
)

// Connect operations queued on a pool's backlog (connect's backlog
// option): they wait for a connection of the pool to be closed or kept.

// queueConnect waits on the pool's backlog for a slot, then connects.
func (vm *VM) queueConnect(L *lua.LState, s *tcpSock, host string, port int, local net.IP, conns int) int {
	p := s.pool
	vm.debug(L, "lua tcp socket queue connect operation for connection pool \"%s\", connections: %d", p.key, conns)
	w := vm.pools.enqueue(p)
	vm.debug(L, "lua tcp socket queued connect operation for %d(ms), u: %s, ctx: %s", ms(s.connectTimeout), ptr(s), ptr(w))
	timedOut := false
	s.connWaiting = true
	killed := true
	defer func() {
		s.connWaiting = false
		if killed {
			vm.debugGlobal("lua tcp socket abort queueing, conn_op_ctx: %s, u: %s", ptr(w), ptr(s))
			vm.pools.unqueue(p, w)
		}
	}()
	vm.host.Block(L, func(cancel <-chan struct{}) {
		tm := time.NewTimer(s.connectTimeout)
		defer tm.Stop()
		select {
		case <-w.wake:
		case <-tm.C:
			timedOut = true
		case <-cancel:
		}
	})
	killed = false
	if timedOut {
		vm.pools.mu.Lock()
		stillQueued := false
		for i, x := range p.queue {
			if x == w {
				p.queue = append(p.queue[:i], p.queue[i+1:]...)
				stillQueued = true
				break
			}
		}
		if stillQueued {
			p.conns--
		}
		vm.pools.mu.Unlock()
		if stillQueued {
			if vm.socketErrors(L) {
				vm.host.Log(L, LogErr, sprintf("lua tcp socket queued connect timed out, when trying to connect to %s:%d", host, port))
			}
			return pushNilErr(L, "timeout")
		}
	}
	vm.pools.mu.Lock()
	p.conns--
	vm.pools.mu.Unlock()
	return vm.connectHelper(L, s, host, port, local, true)
}
