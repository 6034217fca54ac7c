package cosocket

import (
	"fmt"
	"net"
	"reflect"
	"sync"
	"syscall"
	"time"
)

// Keepalive connection pools (setkeepalive, and connect's pool, pool_size
// and backlog options), one set per worker VM, keyed by "host:port", the
// unix socket path or the pool name.
//
// The counting follows ngx_lua: a pool's conns counts the connections made
// or kept through it (in use, idle, being made) and the connect operations
// queued on it. With a backlog, conns beyond size queue and beyond
// size+backlog fail. A pool is dropped when conns comes back to zero.
//
// Idle connections are watched by a goroutine each, as nginx watches them
// with a read event: when the peer sends anything or closes, or the idle
// timeout passes, the connection is closed and leaves the pool.

// pools is one worker VM's pools. Its lock guards every pool and idle
// connection of the set: idle watchers run without the worker's baton.
type pools struct {
	mu     sync.Mutex
	m      map[string]*pool
	closed bool
	vm     *VM
}

// pool is one connection pool.
type pool struct {
	key     string
	size    int
	backlog int
	conns   int
	// idle are the kept connections, most recently kept first.
	idle []*idleConn
	// queue are the connect operations waiting for a slot, oldest first.
	queue []*connWaiter
	dead  bool
}

// idleConn is a connection kept in a pool.
type idleConn struct {
	p      *pool
	conn   net.Conn
	plain  net.Conn
	raw    syscall.RawConn
	fd     int
	peer   string
	reused int
	ssl    *sslState
	// taken is set when a connect took the connection or the pool dropped
	// it: the watcher then leaves it alone.
	taken bool
	done  chan struct{}
}

// connWaiter is a connect operation queued on a pool's backlog.
type connWaiter struct {
	wake chan struct{}
}

func newPools(vm *VM) *pools { return &pools{m: make(map[string]*pool), vm: vm} }

// get returns the pool of key, or nil.
func (ps *pools) get(key string) *pool {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	return ps.m[key]
}

// create makes the pool of key.
func (ps *pools) create(key string, size, backlog int) *pool {
	p := &pool{key: key, size: size, backlog: backlog}
	ps.mu.Lock()
	ps.m[key] = p
	ps.mu.Unlock()
	return p
}

// take returns the most recently kept idle connection of p, its watcher
// stopped, or nil when there is none.
func (ps *pools) take(p *pool) *idleConn {
	ps.mu.Lock()
	if len(p.idle) == 0 {
		ps.mu.Unlock()
		return nil
	}
	ic := p.idle[0]
	p.idle = p.idle[1:]
	ic.taken = true
	ps.mu.Unlock()
	ic.plain.SetReadDeadline(past)
	<-ic.done
	ic.plain.SetReadDeadline(time.Time{})
	return ic
}

// put keeps s's connection in p (setkeepalive). It returns the kept
// connection and the one evicted to make room, which the caller closes.
func (ps *pools) put(p *pool, s *tcpSock) (*idleConn, *idleConn) {
	ic := &idleConn{p: p, conn: s.conn, plain: s.plain, raw: rawOf(s.plain), fd: s.fd, peer: s.peer,
		reused: s.reused, ssl: s.ssl, done: make(chan struct{})}
	var evicted *idleConn
	ps.mu.Lock()
	if len(p.idle) >= p.size {
		evicted = p.idle[len(p.idle)-1]
		p.idle = p.idle[:len(p.idle)-1]
		evicted.taken = true
		if s.pool != nil {
			s.pool.conns--
		}
	} else if s.pool == nil {
		p.conns++
	}
	p.idle = append([]*idleConn{ic}, p.idle...)
	ps.mu.Unlock()
	go ps.watch(ic)
	return ic, evicted
}

// watch closes ic when its peer sends or closes, or when its read
// deadline (the idle timeout) passes, unless a connect took it first.
func (ps *pools) watch(ic *idleConn) {
	defer close(ic.done)
	var probe [1]byte
	err := ic.raw.Read(func(fd uintptr) bool {
		_, _, serr := syscall.Recvfrom(int(fd), probe[:], syscall.MSG_PEEK|syscall.MSG_DONTWAIT)
		return serr != syscall.EAGAIN
	})
	ps.mu.Lock()
	if ic.taken {
		ps.mu.Unlock()
		return
	}
	ic.taken = true
	p := ic.p
	for i, x := range p.idle {
		if x == ic {
			p.idle = append(p.idle[:i], p.idle[i+1:]...)
			break
		}
	}
	p.conns--
	free := p.conns == 0
	if free {
		ps.drop(p)
	} else {
		ps.resumeLocked(p)
	}
	ps.mu.Unlock()
	if ps.vm != nil && ps.vm.host.DebugEnabled() {
		if isTimeout(err) {
			ps.vm.host.LogGlobal(LogDebug, "lua tcp socket keepalive max idle timeout")
		}
		ps.vm.host.LogGlobal(LogDebug, sprintf("lua tcp socket keepalive close handler: fd:%d", ic.fd))
		if free {
			ps.vm.host.LogGlobal(LogDebug, sprintf("lua tcp socket keepalive: free connection pool for \"%s\"", p.key))
		}
	}
	ic.conn.Close()
}

// drop removes p from the set; the caller holds the lock.
func (ps *pools) drop(p *pool) {
	p.dead = true
	if ps.m[p.key] == p {
		delete(ps.m, p.key)
	}
}

// release accounts for a connection of p that was closed (ngx_lua's
// finalize): the pool is dropped when nothing is left, else a queued
// connect may go on. It reports whether the pool was dropped.
func (ps *pools) release(p *pool) bool {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	p.conns--
	if p.conns <= 0 {
		p.conns = 0
		ps.drop(p)
		return true
	}
	ps.resumeLocked(p)
	return false
}

// unqueue gives back a slot that a queued or failed connect held.
func (ps *pools) unqueue(p *pool, w *connWaiter) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if w != nil {
		for i, x := range p.queue {
			if x == w {
				p.queue = append(p.queue[:i], p.queue[i+1:]...)
				break
			}
		}
	}
	p.conns--
	if p.conns < 0 {
		p.conns = 0
	}
	ps.resumeLocked(p)
}

// resume lets the oldest queued connect of p go on.
func (ps *pools) resume(p *pool) {
	ps.mu.Lock()
	ps.resumeLocked(p)
	ps.mu.Unlock()
}

func (ps *pools) resumeLocked(p *pool) {
	if len(p.queue) == 0 {
		return
	}
	w := p.queue[0]
	p.queue = p.queue[1:]
	w.wake <- struct{}{}
}

// enqueue queues a connect operation on p.
func (ps *pools) enqueue(p *pool) *connWaiter {
	w := &connWaiter{wake: make(chan struct{}, 1)}
	ps.mu.Lock()
	p.queue = append(p.queue, w)
	ps.mu.Unlock()
	return w
}

// closeAll closes every idle connection (the worker exits) and drops the
// pools.
func (ps *pools) closeAll() {
	ps.mu.Lock()
	var all []*idleConn
	for _, p := range ps.m {
		if ps.vm != nil {
			// ngx_http_lua_cleanup_conn_pools, as the VM closes
			ps.vm.debugGlobal("lua tcp socket keepalive: free connection pool %s for \"%s\"", ngxPointer(p), p.key)
		}
		for _, ic := range p.idle {
			ic.taken = true
			all = append(all, ic)
		}
		p.idle = nil
		p.dead = true
	}
	ps.m = make(map[string]*pool)
	ps.closed = true
	ps.mu.Unlock()
	for _, ic := range all {
		ic.plain.SetReadDeadline(past)
		<-ic.done
		ic.conn.Close()
	}
}

// ngxPointer renders a pointer as nginx's %p: upper-case hex, zero-padded,
// without "0x".
func ngxPointer(p any) string {
	return fmt.Sprintf("%016X", reflect.ValueOf(p).Pointer())
}
